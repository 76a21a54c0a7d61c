package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The progress index at start: what it reads of {@code ingest-progress}, and when it starts again from scratch. */
@Tag("integration")
class ProgressStoreTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void aRestartReadsOnlyTheProgressWrittenSinceTheLastStart() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publish(topics, done("a.csv"), done("b.csv"), done("c.csv"));
        try (ProgressIndex index = index(topics)) {
            assertThat(new ProgressStore(index).load(kafka.settings(), TIMEOUT)).isEqualTo(3);
        }
        publish(topics, done("d.csv"));

        try (ProgressIndex index = index(topics)) {
            ProgressStore store = new ProgressStore(index);
            assertThat(store.load(kafka.settings(), TIMEOUT)).isEqualTo(1);
            for (String name : List.of("a.csv", "b.csv", "c.csv", "d.csv")) {
                assertThat(plan(store, name)).as(name).isInstanceOf(ObjectPlan.Skip.class);
            }
            assertThat(plan(store, "e.csv")).isInstanceOf(ObjectPlan.Read.class);
        }
    }

    /** What can befall the index between two starts. */
    enum Damage {
        DELETED,
        CORRUPT;

        void to(Path index) throws Exception {
            if (this == DELETED) {
                delete(index);
            } else {
                Files.writeString(index.resolve("CURRENT"), "not a manifest");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aLostIndexIsRebuiltFromTheWholeTopic(Damage damage) throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publish(topics, done("a.csv"), done("b.csv"));
        try (ProgressIndex index = index(topics)) {
            new ProgressStore(index).load(kafka.settings(), TIMEOUT);
        }
        damage.to(stateDir.resolve("ingest"));

        try (ProgressIndex index = index(topics)) {
            ProgressStore store = new ProgressStore(index);
            assertThat(store.load(kafka.settings(), TIMEOUT)).isEqualTo(2);
            assertThat(plan(store, "a.csv")).isInstanceOf(ObjectPlan.Skip.class);
            assertThat(plan(store, "b.csv")).isInstanceOf(ObjectPlan.Skip.class);
        }
    }

    @Test
    void anIndexOfATopicThatWasCreatedAgainIsEmptiedNotTrusted() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publish(topics, done("a.csv"));
        try (ProgressIndex index = index(topics)) {
            new ProgressStore(index).load(kafka.settings(), TIMEOUT);
            assertThat(plan(new ProgressStore(index), "a.csv")).isInstanceOf(ObjectPlan.Skip.class);
        }
        try (Admin admin = kafka.admin()) {
            admin.deleteTopics(List.of(topics.ingestProgress().name())).all().get();
            awaitDeleted(admin, topics.ingestProgress().name());
            new TopicSetup(topics, 2, TopicSetup.BROKER_DEFAULT_REPLICATION).apply(admin);
        }
        publish(topics, done("b.csv"));

        try (ProgressIndex index = index(topics)) {
            ProgressStore store = new ProgressStore(index);
            assertThat(store.load(kafka.settings(), TIMEOUT)).isEqualTo(1);
            assertThat(plan(store, "a.csv"))
                    .as("what only the deleted topic said was ingested")
                    .isEqualTo(new ObjectPlan.Read(
                            IngestProgress.start(
                                    "file:///in", object("a.csv").id(), uri("a.csv"), 1, "sha256:a.csv", NOW),
                            null));
            assertThat(plan(store, "b.csv")).isInstanceOf(ObjectPlan.Skip.class);
        }
    }

    @Test
    void aSecondIngesterOnTheSameStateDirectoryIsToldToUseItsOwn() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        try (ProgressIndex first = index(topics)) {
            assertThatThrownBy(() -> index(topics))
                    .isInstanceOf(IngestFailedException.class)
                    .hasMessage("another Daybook process uses the ingest progress index in "
                            + stateDir.resolve("ingest") + ": give each process its own --state-dir");
        }
    }

    @Test
    void theFingerprintsOfFilesOutliveTheProcessForTheSameVersionAndSize() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        String id = object("a.csv").id();
        try (ProgressIndex index = index(topics)) {
            index.remember(id, 120, "sha256:a");
        }

        try (ProgressIndex index = index(topics)) {
            assertThat(index.fingerprint(id, 120)).contains("sha256:a");
            assertThat(index.fingerprint(id, 121)).as("another size").isEmpty();
            assertThat(index.fingerprint(uri("a.csv") + "#2", 120))
                    .as("another version")
                    .isEmpty();
        }
    }

    private ProgressIndex index(TopicCatalogue topics) {
        return ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
    }

    private static ObjectPlan plan(ProgressStore store, String name) {
        return store.plan("file:///in", object(name), NOW, false);
    }

    private static void publish(TopicCatalogue topics, IngestProgress... records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            for (IngestProgress record : records) {
                producer.send(new ProducerRecord<>(
                                topics.ingestProgress().name(),
                                record.objectId(),
                                topics.ingestProgress().serializeValue(record)))
                        .get();
            }
        }
    }

    private static IngestProgress done(String name) {
        SourceObject object = object(name);
        IngestProgress start =
                IngestProgress.start("file:///in", object.id(), object.uri(), 1, object.fingerprint(), NOW);
        return new IngestProgress(
                start.source(),
                start.objectId(),
                start.uri(),
                start.generation(),
                start.fingerprint(),
                IngestProgress.State.DONE,
                100,
                3,
                2,
                2,
                0,
                0,
                0,
                0,
                null,
                null,
                NOW);
    }

    private static SourceObject object(String name) {
        return new SourceObject(uri(name), 1, 100, "sha256:" + name, NOW, false);
    }

    private static String uri(String name) {
        return "file:///in/" + name;
    }

    private static void awaitDeleted(Admin admin, String topic) {
        await().atMost(TIMEOUT).until(() -> !admin.listTopics().names().get().contains(topic));
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
