package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.generate.RowKind;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Ingesting a local directory into the embedded broker, read back as a read_committed consumer sees it. */
@Tag("integration")
class LocalIngestTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final IngestSettings SETTINGS =
            IngestSettings.DEFAULTS.withBatchRows(700).withRetries(5, Duration.ofMillis(10), Duration.ofMillis(50));

    @TempDir
    Path dir;

    /** The ingester's state directory, kept across the restarts of a test as {@code --state-dir} is. */
    @TempDir
    Path stateDir;

    private final Generated generated = new Generated();

    @Test
    void everyRowIsWrittenOnceMalformedRowsAreDeadLetteredWithTheirOriginAndOtherEventsSkipped() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(5_000, 1_500, "plain", 3).build());
        generated.write(
                dir, Generated.config(2_000, 1_000, "packed", 4).gzip(true).build());
        LocalDirectorySource source = local();
        List<SourceObject> objects = source.list();

        IngestStats stats = runOnce(SETTINGS, topics, source);

        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                Committed.records(kafka.settings(), topics.deadLetter().name());
        assertThat(deadLetters.stream().map(LocalIngestTest::describeDeadLetter).toList())
                .containsExactlyInAnyOrderElementsOf(generated.expectedDeadLetters(this::uri));
        Map<String, Long> generationByUri =
                objects.stream().collect(Collectors.toMap(SourceObject::uri, SourceObject::generation));
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            Map<String, String> headers = Committed.headers(deadLetter);
            String uri = headers.get(DeadLetterHeaders.SOURCE_URI);
            assertThat(headers)
                    .containsEntry(DeadLetterHeaders.STAGE, "ingest")
                    .containsEntry(DeadLetterHeaders.SOURCE_GENERATION, String.valueOf(generationByUri.get(uri)))
                    .containsKey(DeadLetterHeaders.MESSAGE);
            assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo(uri);
        }

        long malformed = generated.count(RowKind.MALFORMED);
        long bytes = objects.stream()
                .mapToLong(object -> generated.size(fileName(object)))
                .sum();
        // No token is published: the amounts of no row can be checked, not even of those that disagree.
        assertThat(generated.count(RowKind.AMOUNT_MISMATCH)).isPositive();
        assertThat(stats)
                .usingRecursiveComparison()
                .ignoringFields("commits")
                .isEqualTo(new IngestStats(
                        6,
                        0,
                        0,
                        0,
                        7_000,
                        generated.transactions(),
                        generated.count(RowKind.OTHER_EVENT),
                        malformed,
                        malformed,
                        bytes,
                        0,
                        0,
                        generated.withBothAmounts(),
                        generated.deadLettersByReason()));
        assertThat(stats.commits()).isGreaterThanOrEqualTo(7_000 / 700 / SETTINGS.workers());

        Map<String, IngestProgress> progress =
                Committed.progress(kafka.settings(), topics.ingestProgress().name());
        assertThat(progress).hasSize(6);
        for (SourceObject object : objects) {
            IngestProgress done = progress.get(object.id());
            long rows = generated.rows.stream()
                    .filter(row -> row.file().equals(fileName(object)))
                    .count();
            assertThat(done.state()).isEqualTo(IngestProgress.State.DONE);
            assertThat(done.source()).isEqualTo(source.uri());
            assertThat(done.fingerprint()).isEqualTo(object.fingerprint());
            assertThat(done.rows()).isEqualTo(rows);
            assertThat(done.linesDone()).isEqualTo(rows + 1);
            assertThat(done.byteOffset()).isEqualTo(generated.size(fileName(object)));
        }
    }

    @Test
    void manySmallFilesShareTheirCommitsAndEveryRowIsWrittenOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(2_000, 5, "small", 6).build());

        IngestStats stats = runOnce(IngestSettings.DEFAULTS, topics, local());

        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
        assertThat(stats.objects()).isEqualTo(400);
        assertThat(Committed.progress(kafka.settings(), topics.ingestProgress().name()))
                .hasSize(400)
                .allSatisfy((id, progress) -> assertThat(progress.state()).isEqualTo(IngestProgress.State.DONE));
        // A commit per object (or per few) was what made small files cost milliseconds each; while other files
        // are read, a finished one waits for the batch interval or the next lull to commit with them.
        assertThat(stats.commits()).isLessThan(400 / 4);
    }

    @Test
    void aCleanStopLeavesTheNextStartNoneOfItsOwnProgressToRead() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(1_000, 400, "events", 5).build());
        runOnce(SETTINGS, topics, local());

        try (ProgressIndex index = progressIndex(topics)) {
            assertThat(new ProgressStore(index).load(kafka.settings(), Duration.ofSeconds(30)))
                    .as("progress records read at the next start")
                    .isZero();
        }
    }

    @Test
    void theTotalsOfAllRunsCountWhatAnotherProcessCommittedMeanwhileAsTheTopicDoes(
            @TempDir Path otherDir, @TempDir Path otherState) throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(1_000, 400, "events", 5).build());
        IngestStats first = runOnce(SETTINGS, topics, local());
        generated.write(otherDir, Generated.config(600, 300, "other", 6).build());
        LocalDirectorySource otherSource =
                new LocalDirectorySource(otherDir.toUri().toString());
        IngestStats other;
        try (ProgressIndex index = ProgressIndex.open(otherState, topics.ingestProgress());
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        otherSource,
                        tracker -> new ListingDiscovery(otherSource, Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            other = ingester.runOnce();
        }

        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        local(),
                        tracker -> new ListingDiscovery(local(), Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            ingester.runOnce();
            IngestTotals totals = IngestTotals.read(kafka.settings(), index);

            assertThat(totals).isEqualTo(totalsOnTheTopic(topics));
            assertThat(totals.rowsRead()).isEqualTo(first.rowsRead() + other.rowsRead());
            assertThat(totals.objects()).isEqualTo(first.objects() + other.objects());
        }
    }

    @Test
    void anObjectAlreadyIngestedIsNotIngestedAgainByTheNextRun() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(1_000, 400, "events", 5).build());
        runOnce(SETTINGS, topics, local());

        IngestStats second = runOnce(SETTINGS, topics, local());

        assertThat(second).isEqualTo(new IngestStats(0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of()));
        assertThat(Committed.transactions(
                        kafka.settings(), topics.transactions().name()))
                .hasSize((int) generated.transactions());
    }

    @Test
    void continuousIngestionPicksUpANewFileWithinSeconds() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(800, 800, "first", 6).build());
        LocalDirectorySource source = local();
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofMillis(200), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            ingester.start(reason -> {});
            await().atMost(Duration.ofSeconds(20)).until(() -> ingester.stats().objects() == 1);

            generated.write(dir, Generated.config(600, 600, "second", 7).build());

            await().atMost(Duration.ofSeconds(5)).until(() -> ingester.stats().objects() == 2);
            assertThat(ingester.stats().transactions()).isEqualTo(generated.transactions());
        }
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    @Test
    void badHeaderCorruptGzipAndVanishedObjectsAreDeadLetteredAsAWholeWhileTheOthersGoThrough() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(1_000, 1_000, "good", 8).build());
        byte[] badHeader = "app,ts,event\n\"seq-market\",\"2024-04-15 02:15:07.167\",\"BUY_ITEMS\"\n"
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("bad-header.csv"), badHeader);
        Files.writeString(dir.resolve("not-gzip.csv.gz"), "this is not gzip\n");
        Path whole = Files.createTempDirectory(dir.getParent(), "whole");
        generated.write(
                whole, Generated.config(3_000, 3_000, "cut", 9).gzip(true).build());
        byte[] gzip = Files.readAllBytes(whole.resolve("cut-00000.csv.gz"));
        Files.write(dir.resolve("cut-00000.csv.gz"), Arrays.copyOf(gzip, gzip.length / 2));
        Files.writeString(dir.resolve("gone.csv"), "anything");
        ObjectSource source = new TestSources.DeletingAfterListing(local(), dir.resolve("gone.csv"));

        IngestStats stats = runOnce(SETTINGS, topics, source);

        Map<String, IngestProgress> progress =
                Committed.progress(kafka.settings(), topics.ingestProgress().name()).values().stream()
                        .collect(Collectors.toMap(IngestProgress::uri, p -> p));
        IngestProgress cut = progress.get(uri("cut-00000.csv.gz"));
        assertThat(progress.values())
                .extracting(IngestProgress::uri, IngestProgress::state, IngestProgress::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(uri("good-00000.csv"), IngestProgress.State.DONE, null),
                        org.assertj.core.groups.Tuple.tuple(
                                uri("bad-header.csv"), IngestProgress.State.FAILED, "bad_header"),
                        org.assertj.core.groups.Tuple.tuple(
                                uri("not-gzip.csv.gz"), IngestProgress.State.FAILED, "corrupt_gzip"),
                        org.assertj.core.groups.Tuple.tuple(
                                uri("cut-00000.csv.gz"), IngestProgress.State.FAILED, "corrupt_gzip"),
                        org.assertj.core.groups.Tuple.tuple(
                                uri("gone.csv"), IngestProgress.State.FAILED, "object_vanished"));
        assertThat(cut.linesDone())
                .as("the rows before the truncation were read")
                .isBetween(2L, 3_000L);

        // The rows before the truncation, and only those, are ingested; the good file whole.
        generated.rows.removeIf(row -> row.file().startsWith("cut") && row.line() > cut.linesDone());
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                Committed.records(kafka.settings(), topics.deadLetter().name());
        List<ConsumerRecord<byte[], byte[]>> objectLetters = deadLetters.stream()
                .filter(record -> !Committed.headers(record)
                        .get(DeadLetterHeaders.REASON)
                        .matches("bad_(csv|ts|props|nums|amount|chain_id)|"
                                + "wrong_column_count|empty_project_id|missing_.*|row_too_long"))
                .toList();
        assertThat(deadLetters.stream()
                        .filter(record -> !objectLetters.contains(record))
                        .map(LocalIngestTest::describeDeadLetter)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(generated.expectedDeadLetters(this::uri));
        assertThat(objectLetters.stream()
                        .map(LocalIngestTest::describeObjectLetter)
                        .toList())
                .containsExactlyInAnyOrder(
                        uri("bad-header.csv") + " bad_header line 1 value "
                                + new String(badHeader, StandardCharsets.UTF_8),
                        uri("not-gzip.csv.gz") + " corrupt_gzip line 1 value ",
                        uri("cut-00000.csv.gz") + " corrupt_gzip line " + (cut.linesDone() + 1) + " value ",
                        uri("gone.csv") + " object_vanished line 1 value ");
        assertThat(objectLetters)
                .allSatisfy(record -> assertThat(Committed.headers(record))
                        .containsEntry(DeadLetterHeaders.STAGE, "ingest")
                        .containsKeys(DeadLetterHeaders.MESSAGE, DeadLetterHeaders.SOURCE_GENERATION));
        assertThat(stats.objects()).isEqualTo(1);
        assertThat(stats.objectsFailed()).isEqualTo(4);
        assertThat(stats.deadLettered()).isEqualTo(4 + generated.count(RowKind.MALFORMED));

        IngestStats second = runOnce(SETTINGS, topics, local());
        assertThat(second)
                .as("failed objects are not tried again")
                .isEqualTo(new IngestStats(0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of()));
    }

    @Test
    @SuppressWarnings("try") // the binding is only opened and closed: it exports the ingester's stats meanwhile
    void deadLettersAreExportedPerReasonAsCommittedAndAddUpToTheDeadLetteredCount() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        List<String> rows = List.of(
                row("2024-04-15 02:15:07.167", "BUY_ITEMS", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"),
                row("yesterday", "BUY_ITEMS", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"),
                row("2024-04-15 02:15:08.000", "BUY_ITEMS", "0xnot-an-address"),
                "\"seq-market\",\"2024-04-15 02:15:09.000\"",
                row("2024-04-15 02:15:10.000", "LIST_ITEMS", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"),
                row("later", "BUY_ITEMS", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"),
                "\"seq-market\"");
        Files.writeString(dir.resolve("events.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
        Files.writeString(dir.resolve("bad-header.csv"), "app,ts,event\n");
        DaybookMetrics metrics = DaybookMetrics.unexported();
        LocalDirectorySource source = local();

        IngestStats stats;
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        metrics.registry());
                DaybookMetrics.Binding binding = metrics.bindIngester(ingester::stats)) {
            stats = ingester.runOnce();
            assertThat(metrics.scrape())
                    .contains(
                            "daybook_dead_letters_total{reason=\"bad_ts\",stage=\"ingest\"} 2.0\n",
                            "daybook_dead_letters_total{reason=\"bad_currency_address\",stage=\"ingest\"} 1.0\n",
                            "daybook_dead_letters_total{reason=\"wrong_column_count\",stage=\"ingest\"} 2.0\n",
                            "daybook_dead_letters_total{reason=\"bad_header\",stage=\"ingest\"} 1.0\n",
                            "daybook_dead_letters_total{reason=\"corrupt_gzip\",stage=\"ingest\"} 0.0\n");
        }

        assertThat(stats.deadLettersByReason())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("bad_ts", 2L, "bad_currency_address", 1L, "wrong_column_count", 2L, "bad_header", 1L));
        assertThat(stats.deadLettersByReason().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(stats.deadLettered())
                .isEqualTo(stats.malformed() + stats.objectsFailed())
                .isEqualTo(
                        Committed.records(kafka.settings(), topics.deadLetter().name())
                                .size());
        assertThat(stats.rowsRead())
                .isEqualTo(rows.size())
                .isEqualTo(stats.transactions() + stats.skipped() + stats.malformed());
        assertThat(stats.transactions()).isEqualTo(1);
        assertThat(stats.skipped()).isEqualTo(1);
    }

    @Test
    void aGzipObjectDecompressingBeyondTheCapIsDeadLetteredAsTooLargeKeepingTheRowsBeforeAndIsNotReadAgain()
            throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(
                dir, Generated.config(3_000, 3_000, "big", 15).gzip(true).build());
        generated.write(dir, Generated.config(500, 500, "small", 16).gzip(true).build());
        long cap = generated.offsetAfter("big-00000.csv.gz", 1_000);
        assertThat(generated.size("small-00000.csv.gz")).isLessThan(cap);
        SourceObject big = local().list().get(0);

        IngestStats stats = runOnce(SETTINGS.withMaxDecompressedBytes(cap), topics, local());

        IngestProgress failed = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(big.id());
        assertThat(failed.state()).isEqualTo(IngestProgress.State.FAILED);
        assertThat(failed.reason()).isEqualTo("decompressed_too_large");
        assertThat(failed.byteOffset()).isLessThanOrEqualTo(cap);
        assertThat(failed.linesDone()).as("the rows before the cap were read").isBetween(2L, 1_001L);
        assertThat(stats.objects()).isEqualTo(1);
        assertThat(stats.objectsFailed()).isEqualTo(1);
        generated.rows.removeIf(row -> row.file().startsWith("big") && row.line() > failed.linesDone());
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
        List<ConsumerRecord<byte[], byte[]>> tooLarge =
                Committed.records(kafka.settings(), topics.deadLetter().name()).stream()
                        .filter(record -> Committed.headers(record)
                                .get(DeadLetterHeaders.REASON)
                                .equals("decompressed_too_large"))
                        .toList();
        assertThat(tooLarge)
                .singleElement()
                .satisfies(record -> assertThat(Committed.headers(record))
                        .containsEntry(DeadLetterHeaders.SOURCE_URI, uri("big-00000.csv.gz"))
                        .containsEntry(DeadLetterHeaders.SOURCE_LINE, String.valueOf(failed.linesDone() + 1))
                        .hasEntrySatisfying(
                                DeadLetterHeaders.MESSAGE,
                                message -> assertThat(message)
                                        .contains(
                                                "decompresses to more than " + cap + " bytes",
                                                "--max-decompressed-bytes")));

        IngestStats second = runOnce(SETTINGS.withMaxDecompressedBytes(cap), topics, local());
        assertThat(second.objectsSkipped())
                .as("a too large object is not read again")
                .isEqualTo(2);
        assertThat(second.rowsRead()).isZero();
    }

    @Test
    void retryFailedReadsAFailedObjectOnceMoreFromWhereItFailedAndEveryRowIsWrittenOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(5_000, 5_000, "events", 17).build());
        generated.write(dir, Generated.config(300, 300, "other", 18).build());
        long failAt = generated.offsetAfter("events-00000.csv", 1_600);
        runOnce(SETTINGS, topics, TestSources.Flaky.refusing(local(), failAt, 1));
        SourceObject object = local().list().get(0);
        IngestProgress failed = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(object.id());
        assertThat(failed.state()).isEqualTo(IngestProgress.State.FAILED);
        assertThat(failed.reason()).isEqualTo("object_unreadable");
        assertThat(failed.rows())
                .as("the rows read before the refusal are kept")
                .isEqualTo(1_600);

        assertThat(runOnce(SETTINGS, topics, local()).objectsSkipped())
                .as("without --retry-failed a failed object stays failed")
                .isEqualTo(2);

        TestSources.Recording opens = new TestSources.Recording(local());
        IngestStats retried = runOnce(SETTINGS.withRetryFailed(true), topics, opens);

        assertThat(opens.opens).containsExactly(new TestSources.Open(object.id(), failed.byteOffset()));
        assertThat(retried.objects()).isEqualTo(1);
        assertThat(retried.objectsSkipped()).isEqualTo(1);
        assertThat(retried.rowsRead()).isEqualTo(3_400);
        IngestProgress done = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(object.id());
        assertThat(done.state()).isEqualTo(IngestProgress.State.DONE);
        assertThat(done.rows()).isEqualTo(5_000);
        assertThat(done.reason()).isNull();
        assertThat(transactionsAsWritten(topics))
                .as("each row once: the rows before the failure are not written again")
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
        assertThat(totalsOnTheTopic(topics).objectsFailed()).isZero();

        assertThat(runOnce(SETTINGS.withRetryFailed(true), topics, local()).objectsSkipped())
                .isEqualTo(2);
    }

    @Test
    void anObjectThatFailsAgainWhenRetriedIsNotRetriedAgainByTheSameContinuousRun() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(3_000, 3_000, "events", 19).build());
        long failAt = generated.offsetAfter("events-00000.csv", 1_000);
        runOnce(SETTINGS, topics, TestSources.Flaky.refusing(local(), failAt, 1));
        SourceObject object = local().list().get(0);
        long firstFailure = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(object.id())
                .byteOffset();
        LocalDirectorySource source = local();
        ObjectSource refusing = TestSources.Flaky.refusing(source, generated.offsetAfter("events-00000.csv", 2_000), 1);
        TestSources.Recording opens = new TestSources.Recording(refusing);

        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS.withRetryFailed(true),
                        kafka.settings(),
                        topics,
                        opens,
                        tracker -> new ListingDiscovery(source, Duration.ofMillis(100), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            ingester.start(reason -> {});
            await().atMost(Duration.ofSeconds(20)).until(() -> ingester.stats().objectsFailed() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> opens.opens.size() == 1);
        }

        assertThat(opens.opens).containsExactly(new TestSources.Open(object.id(), firstFailure));
        IngestProgress again = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(object.id());
        assertThat(again.state()).isEqualTo(IngestProgress.State.FAILED);
        assertThat(again.rows()).isEqualTo(2_000);
    }

    @Test
    void aTransientReadFailureIsRetriedFromTheLastRowsHandedOver() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(5_000, 5_000, "events", 10).build());
        long failAt = generated.offsetAfter("events-00000.csv", 1_600);
        TestSources.Recording opens = new TestSources.Recording(local());
        ObjectSource flaky = new TestSources.Flaky(opens, failAt, 2, object -> true);

        IngestStats stats = runOnce(SETTINGS, topics, flaky);

        String id = local().list().get(0).id();
        long resumeAt = generated.offsetAfter("events-00000.csv", 1_500);
        assertThat(opens.opens)
                .containsExactly(
                        new TestSources.Open(id, 0),
                        new TestSources.Open(id, resumeAt),
                        new TestSources.Open(id, resumeAt));
        assertThat(stats.rowsRead()).isEqualTo(5_000);
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    @Test
    void anObjectThatKeepsFailingIsLeftWhereItStoppedAndTheNextRunResumesItByARangedRead() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(5_000, 5_000, "events", 11).build());
        long failAt = generated.offsetAfter("events-00000.csv", 1_600);
        IngestSettings oneRetry = SETTINGS.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10));

        IngestStats first =
                runOnce(oneRetry, topics, new TestSources.Flaky(local(), failAt, Integer.MAX_VALUE, object -> true));

        SourceObject object = local().list().get(0);
        IngestProgress left = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .get(object.id());
        long resumeAt = generated.offsetAfter("events-00000.csv", 1_500);
        assertThat(first.objectsUnfinished()).isEqualTo(1);
        assertThat(first.rowsRead()).isEqualTo(1_500);
        assertThat(left.state()).isEqualTo(IngestProgress.State.IN_PROGRESS);
        assertThat(left.byteOffset()).isEqualTo(resumeAt);
        assertThat(left.linesDone()).isEqualTo(1_501);

        TestSources.Recording opens = new TestSources.Recording(local());
        IngestStats second = runOnce(SETTINGS, topics, opens);

        assertThat(opens.opens).containsExactly(new TestSources.Open(object.id(), resumeAt));
        assertThat(second.objects()).isEqualTo(1);
        assertThat(second.rowsRead()).isEqualTo(3_500);
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    @Test
    void aNewVersionWithTheSameContentResumesWhereTheOtherStoppedAndItsProgressCountsOnlyTheRowsItWrote()
            throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(5_000, 5_000, "events", 14).build());
        long failAt = generated.offsetAfter("events-00000.csv", 1_600);
        IngestSettings oneRetry = SETTINGS.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10));
        runOnce(oneRetry, topics, new TestSources.Flaky(local(), failAt, Integer.MAX_VALUE, object -> true));
        SourceObject left = local().list().get(0);
        Path file = dir.resolve("events-00000.csv");
        Files.setLastModifiedTime(
                file, FileTime.from(Files.getLastModifiedTime(file).toInstant().minusSeconds(60)));
        SourceObject touched = local().list().get(0);
        assertThat(touched.id()).isNotEqualTo(left.id());

        TestSources.Recording opens = new TestSources.Recording(local());
        IngestStats second = runOnce(SETTINGS, topics, opens);

        assertThat(opens.opens)
                .containsExactly(new TestSources.Open(touched.id(), generated.offsetAfter("events-00000.csv", 1_500)));
        assertThat(second.rowsRead()).isEqualTo(3_500);
        Map<String, IngestProgress> progress =
                Committed.progress(kafka.settings(), topics.ingestProgress().name());
        assertThat(progress.get(left.id()).state()).isEqualTo(IngestProgress.State.IN_PROGRESS);
        assertThat(progress.get(left.id()).rows()).isEqualTo(1_500);
        assertThat(progress.get(touched.id()).state()).isEqualTo(IngestProgress.State.DONE);
        assertThat(progress.get(touched.id()).rows()).isEqualTo(3_500);
        assertThat(progress.get(touched.id()).linesDone()).isEqualTo(5_001);
        IngestTotals totals = totalsOnTheTopic(topics);
        // No token is published: every transaction with both amounts is unchecked, each counted by one version only.
        assertThat(generated.withBothAmounts()).isPositive();
        assertThat(totals)
                .isEqualTo(new IngestTotals(
                        1,
                        0,
                        5_000,
                        generated.transactions(),
                        generated.count(RowKind.OTHER_EVENT),
                        generated.count(RowKind.MALFORMED),
                        0,
                        generated.withBothAmounts()));
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    @Test
    void aTransactionKafkaKeepsRefusingIsAbortedAndRetriedUntilTheIngesterStopsWithTheReason() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(3_000, 3_000, "events", 13).build());
        noDeadLetterFits(topics);
        IngestSettings quickRetries = SETTINGS.withRetries(5, Duration.ofMillis(10), Duration.ofMillis(20));

        LocalDirectorySource source = local();
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        quickRetries,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            assertThatThrownBy(ingester::runOnce)
                    .isInstanceOf(IngestFailedException.class)
                    .hasMessageContaining(
                            "the transaction failed " + Worker.MAX_CONSECUTIVE_ABORTS + " times in a row");
            assertThat(ingester.stats().deadLettersByReason())
                    .as("the dead letters of aborted transactions are not counted")
                    .isEmpty();
        }

        Map<String, IngestProgress> progress =
                Committed.progress(kafka.settings(), topics.ingestProgress().name());
        long linesDone =
                progress.values().stream().mapToLong(IngestProgress::linesDone).sum();
        generated.rows.removeIf(row -> row.line() > linesDone);
        assertThat(transactionsAsWritten(topics))
                .as("what was committed before, once; nothing of the aborted transactions")
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    @Test
    void aContinuousIngesterThatFailsForGoodTellsItsListenerOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(3_000, 3_000, "events", 13).build());
        noDeadLetterFits(topics);
        IngestSettings quickRetries = SETTINGS.withRetries(5, Duration.ofMillis(10), Duration.ofMillis(20));
        List<String> reported = new CopyOnWriteArrayList<>();

        LocalDirectorySource source = local();
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        quickRetries,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            ingester.start(reported::add);

            await().atMost(Duration.ofSeconds(30)).until(() -> !reported.isEmpty());
            assertThat(reported)
                    .singleElement()
                    .asString()
                    .contains("the transaction failed " + Worker.MAX_CONSECUTIVE_ABORTS + " times in a row");
            assertThat(ingester.failure()).contains(reported.get(0));
        }
        assertThat(reported).as("told once, also when the ingester is closed").hasSize(1);
    }

    @Test
    void theDeadLettersOfAnAbortedTransactionCountOnceTheirRowsAreCommittedAgain() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(3_000, 3_000, "events", 14).build());
        ConfigResource deadLetterTopic = new ConfigResource(
                ConfigResource.Type.TOPIC, topics.deadLetter().name());
        Logger workerLog = (Logger) LoggerFactory.getLogger(Worker.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        workerLog.addAppender(logged);
        // Each abort is followed by a pause of 1.5 to 3 s: time to let dead letters through again before the next try.
        IngestSettings slowRetries = SETTINGS.withRetries(5, Duration.ofSeconds(3), Duration.ofSeconds(3));
        LocalDirectorySource source = local();
        try (Admin admin = kafka.admin();
                ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        slowRetries,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            admin.incrementalAlterConfigs(Map.of(
                            deadLetterTopic,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", "200"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            ingester.start(reason -> {});
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> logged.list.stream()
                            .anyMatch(event -> event.getFormattedMessage().startsWith("The Kafka transaction of")));
            admin.incrementalAlterConfigs(Map.of(
                            deadLetterTopic,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE))))
                    .all()
                    .get();

            await().atMost(Duration.ofSeconds(60)).until(() -> ingester.stats().objects() == 1);

            IngestStats stats = ingester.stats();
            assertThat(stats.deadLettersByReason()).isEqualTo(generated.deadLettersByReason());
            assertThat(stats.deadLettered())
                    .isEqualTo(generated.count(RowKind.MALFORMED))
                    .isEqualTo(Committed.records(
                                    kafka.settings(), topics.deadLetter().name())
                            .size());
        } finally {
            workerLog.detachAppender(logged);
        }
    }

    @Test
    void twoInstancesShareTheObjectsOfASourceAndIngestEachOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        generated.write(dir, Generated.config(3_000, 300, "events", 12).build());

        IngestStats first = runOnce(withInstance(new IngestInstance(0, 2)), topics, local());
        IngestStats second = runOnce(withInstance(new IngestInstance(1, 2)), topics, local());

        assertThat(first.objects()).isPositive();
        assertThat(second.objects()).isPositive();
        assertThat(first.objects() + second.objects()).isEqualTo(10);
        assertThat(transactionsAsWritten(topics))
                .containsExactlyInAnyOrderElementsOf(generated.expectedTransactions(this::uri));
    }

    private static IngestSettings withInstance(IngestInstance instance) {
        return new IngestSettings(
                SETTINGS.batchRows(),
                SETTINGS.batchInterval(),
                SETTINGS.workers(),
                SETTINGS.maxObjectsInFlight(),
                instance,
                SETTINGS.readRetries(),
                SETTINGS.retryBackoff(),
                SETTINGS.retryBackoffMax(),
                SETTINGS.tsRange(),
                SETTINGS.maxDecompressedBytes(),
                SETTINGS.retryFailed());
    }

    private static final String HEADER =
            SequenceFormat.COLUMNS.stream().map(column -> "\"" + column + "\"").collect(Collectors.joining(","));

    /** A well-formed row but for what a test puts in its {@code ts}, {@code event} and currency address. */
    private static String row(String ts, String event, String currencyAddress) {
        String props =
                "{\"chainId\":\"137\",\"currencyAddress\":\"" + currencyAddress + "\",\"currencySymbol\":\"USDC\"}";
        return Stream.of(
                        "seq-market",
                        ts,
                        event,
                        "4974",
                        "",
                        "",
                        "u1",
                        "s1",
                        "DE",
                        "desktop",
                        "macOS",
                        "14",
                        "Chrome",
                        "123",
                        props,
                        "{\"currencyValueRaw\":\"42\"}")
                .map(field -> "\"" + field.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(","));
    }

    private LocalDirectorySource local() {
        return new LocalDirectorySource(dir.toUri().toString());
    }

    private IngestStats runOnce(IngestSettings settings, TopicCatalogue topics, ObjectSource source)
            throws InterruptedException {
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        settings,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        new SimpleMeterRegistry())) {
            return ingester.runOnce();
        }
    }

    private IngestTotals totalsOnTheTopic(TopicCatalogue topics) {
        return IngestTotals.of(
                Committed.progress(kafka.settings(), topics.ingestProgress().name())
                        .values());
    }

    private String uri(String file) {
        return dir.resolve(file).toUri().toString();
    }

    private static String fileName(SourceObject object) {
        return object.uri().substring(object.uri().lastIndexOf('/') + 1);
    }

    private List<String> transactionsAsWritten(TopicCatalogue topics) {
        List<String> written = new ArrayList<>();
        for (Transaction t :
                Committed.transactions(kafka.settings(), topics.transactions().name())) {
            written.add(t.source().uri() + ":" + t.source().line() + " " + t.eventId());
        }
        return written;
    }

    private static String describeDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = Committed.headers(record);
        return headers.get(DeadLetterHeaders.SOURCE_URI) + ":" + headers.get(DeadLetterHeaders.SOURCE_LINE) + " "
                + headers.get(DeadLetterHeaders.REASON) + " " + new String(record.value(), StandardCharsets.UTF_8);
    }

    private static String describeObjectLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = Committed.headers(record);
        return headers.get(DeadLetterHeaders.SOURCE_URI) + " " + headers.get(DeadLetterHeaders.REASON) + " line "
                + headers.get(DeadLetterHeaders.SOURCE_LINE) + " value "
                + new String(record.value(), StandardCharsets.UTF_8);
    }

    /** Every transaction with a malformed row then fails at the broker. */
    private static void noDeadLetterFits(TopicCatalogue topics) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(
                                    ConfigResource.Type.TOPIC,
                                    topics.deadLetter().name()),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", "200"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    private ProgressIndex progressIndex(TopicCatalogue topics) {
        return ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
    }
}
