package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.BlobInfo;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.source.KnownFingerprints;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.OpenedSource;
import dev.daybook.connectors.source.Sources;
import dev.daybook.connectors.testing.FakeGcs;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ingesting from fake-gcs-server: the same rows as from a directory, and overwritten objects by content. */
@Tag("integration")
class GcsIngestTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final IngestSettings SETTINGS = IngestSettings.DEFAULTS.withBatchRows(1_000);
    private static FakeGcs gcs;

    @TempDir
    Path dir;

    /** The ingester's state directory, kept across the restarts of a test as {@code --state-dir} is. */
    @TempDir
    Path stateDir;

    private String bucket;
    private final Generated generated = new Generated();

    @BeforeAll
    static void startGcs() throws IOException, InterruptedException {
        gcs = FakeGcs.start();
    }

    @AfterAll
    static void stopGcs() {
        gcs.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "events-" + BUCKETS.incrementAndGet();
        gcs.createBucket(bucket);
    }

    @Test
    void theSameFilesFromGcsAndFromADirectoryGiveTheSameTransactions() throws Exception {
        generated.write(dir, Generated.config(3_000, 1_000, "plain", 31).build());
        generated.write(
                dir, Generated.config(1_000, 1_000, "packed", 32).gzip(true).build());
        upload("plain-00000.csv", "plain-00001.csv", "plain-00002.csv", "packed-00000.csv.gz");
        TopicCatalogue fromDirectory = kafka.createTopics();
        TopicCatalogue fromGcs = kafka.createTopics();

        IngestStats local =
                runOnce(fromDirectory, new LocalDirectorySource(dir.toUri().toString()));
        IngestStats remote = runOnceFromGcs(fromGcs);

        assertThat(remote).usingRecursiveComparison().ignoringFields("commits").isEqualTo(local);
        assertThat(remote.objects()).isEqualTo(4);
        assertThat(withoutSource(fromGcs)).containsExactlyInAnyOrderElementsOf(withoutSource(fromDirectory));
        assertThat(asWritten(fromGcs))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(file -> prefix() + file));
    }

    @Test
    void overwritingAnObjectWithIdenticalContentChangesNothing() throws Exception {
        generated.write(dir, Generated.config(1_000, 1_000, "events", 33).build());
        BlobInfo first = upload("events-00000.csv").get(0);
        TopicCatalogue topics = kafka.createTopics();
        runOnceFromGcs(topics);

        BlobInfo second = upload("events-00000.csv").get(0);
        IngestStats again = runOnceFromGcs(topics);

        assertThat(second.getGeneration()).isNotEqualTo(first.getGeneration());
        assertThat(again).isEqualTo(new IngestStats(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of()));
        assertThat(Committed.transactions(
                        kafka.settings(), topics.transactions().name()))
                .hasSize((int) generated.transactions());
        assertThat(Committed.progress(kafka.settings(), topics.ingestProgress().name())
                        .keySet())
                .containsExactly(prefix() + "events-00000.csv#" + first.getGeneration());
    }

    @Test
    void overwritingAnObjectWithNewContentIngestsTheNewVersion() throws Exception {
        generated.write(dir, Generated.config(1_000, 1_000, "events", 34).build());
        BlobInfo first = upload("events-00000.csv").get(0);
        TopicCatalogue topics = kafka.createTopics();
        runOnceFromGcs(topics);
        List<String> firstRows = generated.expectedTransactions(file -> prefix() + file + "#" + first.getGeneration());
        Generated rewritten = new Generated();
        Files.delete(dir.resolve("events-00000.csv"));
        rewritten.write(dir, Generated.config(800, 800, "events", 35).build());

        BlobInfo second = upload("events-00000.csv").get(0);
        IngestStats again = runOnceFromGcs(topics);

        assertThat(again.objects()).isEqualTo(1);
        assertThat(again.rowsRead()).isEqualTo(800);
        assertThat(again.transactions()).isEqualTo(rewritten.transactions());
        List<String> written = Committed.transactions(
                        kafka.settings(), topics.transactions().name())
                .stream()
                .map(t -> t.source().uri() + "#" + t.source().generation() + ":"
                        + t.source().line() + " " + t.eventId())
                .toList();
        List<String> secondRows =
                rewritten.expectedTransactions(file -> prefix() + file + "#" + second.getGeneration());
        assertThat(written)
                .hasSize(firstRows.size() + secondRows.size())
                .containsAll(firstRows)
                .containsAll(secondRows);
        assertThat(Committed.progress(kafka.settings(), topics.ingestProgress().name())
                        .values())
                .extracting(IngestProgress::generation, IngestProgress::state, IngestProgress::rows)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(first.getGeneration(), IngestProgress.State.DONE, 1_000L),
                        org.assertj.core.groups.Tuple.tuple(second.getGeneration(), IngestProgress.State.DONE, 800L));
    }

    private List<BlobInfo> upload(String... files) throws IOException {
        List<BlobInfo> uploaded = new java.util.ArrayList<>();
        for (String file : files) {
            uploaded.add(gcs.put(bucket, "in/" + file, Files.readAllBytes(dir.resolve(file))));
        }
        return uploaded;
    }

    private String prefix() {
        return "gs://" + bucket + "/in/";
    }

    private IngestStats runOnceFromGcs(TopicCatalogue topics) throws Exception {
        try (OpenedSource opened = Sources.open(
                SourceOptions.parse("--source", prefix()).settings(),
                gcs.settings(),
                new SimpleMeterRegistry(),
                KnownFingerprints.NONE)) {
            return runOnce(topics, opened.source());
        }
    }

    private IngestStats runOnce(TopicCatalogue topics, ObjectSource source) throws InterruptedException {
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> {
                            throw new AssertionError("runOnce lists by itself");
                        },
                        index,
                        new SimpleMeterRegistry())) {
            return ingester.runOnce();
        }
    }

    /** The transactions with where they came from left out, with their file name and line. */
    private static List<String> withoutSource(TopicCatalogue topics) {
        return Committed.transactions(kafka.settings(), topics.transactions().name()).stream()
                .map(t -> new Transaction(
                                t.eventId(),
                                t.ts(),
                                t.event(),
                                t.projectId(),
                                t.chainId(),
                                t.currencyAddress(),
                                t.currencySymbol(),
                                t.amountRaw(),
                                t.amountDecimal(),
                                new dev.daybook.schemas.SourceRef(
                                        t.source()
                                                .uri()
                                                .substring(t.source().uri().lastIndexOf('/') + 1),
                                        0,
                                        t.source().line()))
                        .toString())
                .toList();
    }

    private static List<String> asWritten(TopicCatalogue topics) {
        return Committed.transactions(kafka.settings(), topics.transactions().name()).stream()
                .map(t -> t.source().uri() + ":" + t.source().line() + " " + t.eventId())
                .toList();
    }

    private ProgressIndex progressIndex(TopicCatalogue topics) {
        return ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
    }
}
