package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.cli.options.GcsOptions;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.source.OpenedSource;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.connectors.source.Sources;
import dev.daybook.connectors.source.gcs.GcsSettings;
import dev.daybook.connectors.testing.FakeGcs;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ingester in a JVM of its own ({@link IngestProcessMain}): killed with {@code destroyForcibly()} in the
 * middle of an object while a transaction is open, and ingesting a 200 MB object with a 256 MB heap.
 */
@Tag("integration")
class IngestProcessTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static FakeGcs gcs;

    @TempDir
    Path dir;

    /** The ingester's state directory, kept across the restarts of a test as {@code --state-dir} is. */
    @TempDir
    Path stateDir;

    enum Store {
        LOCAL,
        LOCAL_GZIP,
        GCS
    }

    @BeforeAll
    static void startGcs() throws IOException, InterruptedException {
        gcs = FakeGcs.start();
    }

    @AfterAll
    static void stopGcs() {
        gcs.close();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anIngesterKilledInTheMiddleOfAnObjectIsResumedByTheNextOneWithEveryRowExactlyOnce(Store store)
            throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        Generated generated = new Generated();
        Path files = dir.resolve("files");
        String file = "big-00000.csv" + (store == Store.LOCAL_GZIP ? ".gz" : "");
        generated.write(
                files,
                Generated.config(20_000, 20_000, "big", 21)
                        .gzip(store == Store.LOCAL_GZIP)
                        .build());
        String sourceUri = files.toUri().toString();
        List<String> gcsArgs = List.of();
        if (store == Store.GCS) {
            String bucket = "crash-" + BUCKETS.incrementAndGet();
            gcs.createBucket(bucket);
            try (InputStream in = Files.newInputStream(files.resolve(file))) {
                gcs.put(bucket, "in/" + file, in);
            }
            sourceUri = "gs://" + bucket + "/in/";
            gcsArgs = List.of("--gcs-endpoint", gcs.endpoint());
        }
        String prefix = sourceUri;
        Function<String, String> uriOf = name ->
                store == Store.GCS ? prefix + name : files.resolve(name).toUri().toString();
        // 5,000 rows per transaction and no time bound within the test: the first commits at row 5,000; the
        // reader stalls near row 7,500, so the open transaction holds the rows handed over since (chunks of 500).
        long stallAt = store == Store.LOCAL_GZIP
                ? storedOffsetOf(files.resolve(file), generated.offsetAfter(file, 7_500))
                : generated.offsetAfter(file, 7_500);
        List<String> args = new ArrayList<>(List.of(
                "--source",
                sourceUri,
                "--ingest-batch-rows",
                "5000",
                "--ingest-batch-interval",
                "5m",
                "--ingest-workers",
                "2",
                "--stall-after-bytes",
                String.valueOf(stallAt)));
        args.addAll(gcsArgs);

        Process child = startIngestProcess(topics, List.of(), args);
        try {
            await("a committed transaction, and an open one holding rows")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            !child.isAlive() || (committedRows(topics) == 5_000 && openTransactionHoldsRows(topics)));
            assertThat(child.isAlive())
                    .as("the ingester process runs until it is killed")
                    .isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        IngestProgress before = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .values()
                .iterator()
                .next();
        assertThat(before.state()).isEqualTo(IngestProgress.State.IN_PROGRESS);
        assertThat(before.linesDone()).isEqualTo(5_001);
        assertThat(before.byteOffset()).isEqualTo(generated.offsetAfter(file, 5_000));

        GcsSettings gcsSettings =
                store == Store.GCS ? gcs.settings() : GcsOptions.parse().settings();
        IngestStats stats;
        List<TestSources.Open> opens;
        SourceObject object;
        try (ProgressIndex index = progressIndex(topics);
                OpenedSource opened = Sources.open(
                        SourceOptions.parse("--source", sourceUri).settings(),
                        gcsSettings,
                        new SimpleMeterRegistry(),
                        index)) {
            TestSources.Recording recording = new TestSources.Recording(opened.source());
            object = recording.list().get(0);
            try (Ingester ingester = new Ingester(
                    IngestSettings.DEFAULTS.withWorkers(2, 4),
                    kafka.settings(),
                    topics,
                    recording,
                    opened.discoveries(),
                    index,
                    new SimpleMeterRegistry())) {
                stats = ingester.runOnce();
            }
            opens = recording.opens;
        }

        assertThat(stats.rowsRead())
                .as("the rows after the last commit, and only those, were read")
                .isEqualTo(15_000);
        assertThat(opens)
                .containsExactly(
                        new TestSources.Open(object.id(), store == Store.LOCAL_GZIP ? 0 : before.byteOffset()));
        List<String> written = Committed.transactions(
                        kafka.settings(), topics.transactions().name())
                .stream()
                .map(t -> t.source().uri() + ":" + t.source().line() + " " + t.eventId())
                .toList();
        assertThat(written).containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(uriOf));
        List<String> deadLetters = Committed.records(
                        kafka.settings(), topics.deadLetter().name())
                .stream()
                .map(record -> {
                    Map<String, String> headers = Committed.headers(record);
                    return headers.get(DeadLetterHeaders.SOURCE_URI) + ":" + headers.get(DeadLetterHeaders.SOURCE_LINE)
                            + " " + headers.get(DeadLetterHeaders.REASON) + " "
                            + new String(record.value(), StandardCharsets.UTF_8);
                })
                .toList();
        assertThat(deadLetters).containsExactlyInAnyOrderElementsOf(generated.expectedDeadLetters(uriOf));
    }

    @Test
    void aTwoHundredMegabyteObjectIsIngestedWithA256MegabyteHeap() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        GenerationSummary summary = new dev.daybook.connectors.generate.SequenceGenerator(
                        Generated.config(345_000, 345_000, "huge", 22).build())
                .write(dir);
        assertThat(Files.size(summary.files().get(0))).isGreaterThan(200L * 1024 * 1024);

        Process child = startIngestProcess(
                topics, List.of("-Xmx256m"), List.of("--source", dir.toUri().toString()));
        boolean exited = child.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }

        assertThat(exited).isTrue();
        assertThat(child.exitValue())
                .as(Files.readString(dir.resolve("child.err")))
                .isZero();
        IngestStats stats = Json.MAPPER.readValue(Files.readString(dir.resolve("child.out")), IngestStats.class);
        assertThat(stats.objects()).isEqualTo(1);
        assertThat(stats.rowsRead()).isEqualTo(345_000);
        assertThat(stats.transactions()).isEqualTo(summary.transactions());
        assertThat(Committed.count(kafka.settings(), topics.transactions().name()))
                .isEqualTo(summary.transactions());
    }

    @Test
    void anErrorInAnIngestReaderEndsTheProcessPromptlyNamingTheThread() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        new Generated()
                .write(
                        dir.resolve("files"),
                        Generated.config(2_000, 2_000, "oom", 23).build());

        Process child = startIngestProcess(
                topics,
                List.of(),
                List.of("--source", dir.resolve("files").toUri().toString(), "--error-after-bytes", "20000"));
        boolean exited = child.waitFor(1, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }

        String stderr = Files.readString(dir.resolve("child.err"));
        assertThat(exited)
                .as("the process ended instead of waiting for the dead reader; it said:\n%s", stderr)
                .isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
        assertThat(stderr)
                .contains(
                        "Fatal java.lang.OutOfMemoryError: Java heap space (injected by the test in daybook-ingest-reader-1)"
                                + " in thread daybook-ingest-reader-1; the process exits now");
    }

    /** Starts {@link IngestProcessMain} in a new JVM on the test class path; its output goes to files in {@link #dir}. */
    private Process startIngestProcess(TopicCatalogue topics, List<String> jvmArgs, List<String> args)
            throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        // Two logback-test.xml are on the test class path when the modules are built together; logback then prints
        // its status to standard output, which this test reads as the summary.
        command.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
        command.addAll(List.of(
                "-cp",
                classPath,
                IngestProcessMain.class.getName(),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--state-dir",
                stateDir.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DAYBOOK_"));
        return builder.start();
    }

    private static long committedRows(TopicCatalogue topics) {
        return Committed.progress(kafka.settings(), topics.ingestProgress().name()).values().stream()
                .mapToLong(IngestProgress::rows)
                .sum();
    }

    /** Whether a transaction that holds rows is open on the transactions topic: its last stable offset lags its end. */
    private static boolean openTransactionHoldsRows(TopicCatalogue topics) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < 2; partition++) {
                latest.put(new TopicPartition(topics.transactions().name(), partition), OffsetSpec.latest());
            }
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get();
            return latest.keySet().stream()
                    .anyMatch(p -> stable.get(p).offset() < end.get(p).offset());
        }
    }

    /** How many stored (compressed) bytes hold the first {@code decompressed} bytes of a gzip file, about. */
    private static long storedOffsetOf(Path gzip, long decompressed) throws IOException {
        try (CountingInput stored = new CountingInput(Files.newInputStream(gzip));
                GZIPInputStream in = new GZIPInputStream(stored, 512)) {
            in.skipNBytes(decompressed);
            return stored.count;
        }
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }

    private ProgressIndex progressIndex(TopicCatalogue topics) {
        return ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
    }
}
