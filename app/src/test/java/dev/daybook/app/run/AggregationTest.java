package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.StreamsSettings;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams application as a member of its consumer group. */
@Tag("integration")
class AggregationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    private final Deque<Aggregation> started = new ArrayDeque<>();

    @AfterEach
    void closeAll() {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void eachStreamThreadIsAStaticMemberNamedAfterTheInstanceAndAllLeaveTheGroupOnClose() {
        TopicCatalogue topics = kafka.createTopics();
        String application = topics.prefix() + "app";
        Aggregation aggregation = start(
                kafka.settings().withInstanceId(new InstanceId("pod-0")), topics, "state", new AtomicReference<>());
        await().atMost(TIMEOUT).until(() -> aggregation.streams().state() == KafkaStreams.State.RUNNING);
        int threads = aggregation.streams().metadataForLocalThreads().size();

        assertThat(ConsumerGroups.members(kafka.settings(), application))
                .extracting(member -> member.groupInstanceId().orElse("dynamic"))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, threads)
                        .mapToObj(n -> "pod-0-" + n)
                        .toList());

        started.pop().close();

        assertThat(ConsumerGroups.members(kafka.settings(), application)).isEmpty();
    }

    @Test
    void ofTwoAggregationsWithOneInstanceIdTheOlderStopsWithAMessageSayingWhatToFix() {
        TopicCatalogue topics = kafka.createTopics();
        KafkaSettings twin = kafka.settings().withInstanceId(new InstanceId("twin"));
        AtomicReference<String> olderFailure = new AtomicReference<>();
        Aggregation older = start(twin, topics, "older", olderFailure);
        await().atMost(TIMEOUT).until(() -> older.streams().state() == KafkaStreams.State.RUNNING);

        AtomicReference<String> newerFailure = new AtomicReference<>();
        Aggregation newer = start(twin, topics, "newer", newerFailure);

        await().atMost(TIMEOUT).until(() -> olderFailure.get() != null);
        assertThat(olderFailure.get())
                .isEqualTo("the aggregation stopped: another process joined consumer group " + topics.prefix()
                        + "app as instance twin: give every Daybook running at the same time its own --instance-id");
        await().atMost(TIMEOUT).until(() -> newer.streams().state() == KafkaStreams.State.RUNNING);
        assertThat(newerFailure.get()).isNull();
    }

    @Test
    void runOnceWatchesTheTopicsItConsumesAndTheTopicsItWritesForOthers() {
        TopicCatalogue topics = TopicCatalogue.forPrefix("watched.");
        Aggregation aggregation = new Aggregation(
                kafka.settings(),
                DailyVolumeConfig.defaults(topics),
                StreamsSettings.defaults().withApplicationId("watched.app").withStateDir(dir),
                DaybookMetrics.unexported(),
                null);
        started.push(aggregation);

        assertThat(aggregation.inputTopics())
                .contains("watched.transactions", "watched.tokens", "watched.rates", "watched.app-bucket-repartition")
                .allMatch(topic -> topic.startsWith("watched."));
        assertThat(aggregation.outputTopics())
                .containsExactlyInAnyOrder(
                        "watched.daily-volume", "watched.daily-currency-volume", "watched.dead-letter");
        assertThat(aggregation.producerLinger()).isEqualTo(Duration.ofMillis(100));
    }

    private Aggregation start(
            KafkaSettings settings, TopicCatalogue topics, String stateDir, AtomicReference<String> failure) {
        StreamsSettings streams = StreamsSettings.defaults()
                .withApplicationId(topics.prefix() + "app")
                .withStateDir(dir.resolve(stateDir))
                .withCommitInterval(Duration.ofMillis(100));
        Aggregation aggregation = new Aggregation(
                settings, DailyVolumeConfig.defaults(topics), streams, DaybookMetrics.unexported(), null);
        started.push(aggregation);
        aggregation.start(failure::set);
        return aggregation;
    }
}
