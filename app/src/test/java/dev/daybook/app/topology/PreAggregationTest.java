package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-aggregation before {@code bucket-repartition}, with a commit interval as deployed (1 s). */
class PreAggregationTest {

    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final String REPARTITION = "daybook-test-bucket-repartition";
    private static final String BUFFER_CHANGELOG = "daybook-test-bucket-buffer-changelog";
    private static final Bucket ONE = new Bucket(1, BigInteger.ONE, BigDecimal.ZERO, 0);
    private static final BucketKey SFL_BUCKET = new BucketKey(LocalDate.parse("2024-04-15"), "4974", 137, SFL);

    @TempDir
    Path stateDir;

    private DailyVolumeDriver pricedDriver() {
        DailyVolumeDriver driver = DailyVolumeDriver.preAggregating(stateDir, COMMIT_INTERVAL);
        driver.token(SFL, SFL_TOKEN);
        driver.token(USDC, USDC_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("usd-coin", "2024-04-15", "1");
        return driver;
    }

    @Test
    void aBucketsTransactionsCrossTheRepartitionAsOneSumPerCommitInterval() {
        try (DailyVolumeDriver driver = pricedDriver()) {
            driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1000000000000000000"));
            driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "2000000000000000000"));
            driver.send(transaction("e3", "2024-04-15T12:00:00Z", "4974", SFL, "3000000000000000000"));

            assertThat(repartitioned(driver)).isEmpty();
            assertThat(driver.table()).isEmpty();

            driver.advanceWallClock(COMMIT_INTERVAL);

            assertThat(repartitioned(driver))
                    .containsExactly(Map.entry(
                            SFL_BUCKET,
                            new Bucket(
                                    3,
                                    new BigInteger("6000000000000000000"),
                                    BigDecimal.ZERO,
                                    at("2024-04-15T12:00:00Z"))));
            assertRow(driver.row("2024-04-15", "4974"), 3, "0.24", 0);
        }
    }

    @Test
    void everyCommitFindsTheUnforwardedSumsInTheBuffersChangelog() {
        // What makes the buffer exactly-once: a crash after any commit restores these sums, and only these.
        try (DailyVolumeDriver driver = pricedDriver()) {
            driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1000000000000000000"));
            driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "2000000000000000000"));

            assertThat(bufferChangelog(driver))
                    .containsExactly(
                            Map.entry(
                                    SFL_BUCKET,
                                    new Bucket(
                                            1,
                                            new BigInteger("1000000000000000000"),
                                            BigDecimal.ZERO,
                                            at("2024-04-15T10:00:00Z"))),
                            Map.entry(
                                    SFL_BUCKET,
                                    new Bucket(
                                            2,
                                            new BigInteger("3000000000000000000"),
                                            BigDecimal.ZERO,
                                            at("2024-04-15T11:00:00Z"))));

            driver.advanceWallClock(COMMIT_INTERVAL);
            driver.send(transaction("e3", "2024-04-15T12:00:00Z", "4974", USDC, "5000000"));

            List<Map.Entry<BucketKey, Bucket>> afterFlush = bufferChangelog(driver);
            assertThat(afterFlush).hasSize(2);
            assertThat(afterFlush.get(0).getKey()).isEqualTo(SFL_BUCKET);
            assertThat(afterFlush.get(0).getValue())
                    .as("tombstone of the forwarded sum")
                    .isNull();
            assertThat(afterFlush.get(1))
                    .isEqualTo(Map.entry(
                            new BucketKey(LocalDate.parse("2024-04-15"), "4974", 137, USDC),
                            new Bucket(1, BigInteger.valueOf(5_000_000), BigDecimal.ZERO, at("2024-04-15T12:00:00Z"))));
        }
    }

    @Test
    void tooManyWaitingBucketsAreForwardedWithoutWaitingForTheInterval() {
        MockProcessorContext<BucketKey, Bucket> context = mockContext();
        TimestampedKeyValueStore<Bytes, byte[]> buffer = buffer(context);
        PreAggregationProcessor processor = new PreAggregationProcessor(3);
        processor.init(context);

        for (String project : List.of("a", "b", "a", "c", "b", "a")) {
            processor.process(new Record<>(bucket(project), ONE, 0));
        }
        assertThat(context.forwarded()).isEmpty();

        processor.process(new Record<>(bucket("d"), ONE, 0));

        assertThat(context.forwarded())
                .extracting(forward -> forward.record().key().projectId() + "="
                        + forward.record().value().count())
                .containsExactlyInAnyOrder("a=3", "b=2", "c=1", "d=1");
        try (var left = buffer.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    @Test
    void theFlushIsScheduledOnlyWhileSumsWaitSoThatAnIdleAggregationCommitsNothing() {
        // Kafka Streams commits a task after each wall-clock punctuation: a Kafka transaction under exactly-once.
        MockProcessorContext<BucketKey, Bucket> context = mockContext();
        buffer(context);
        PreAggregationProcessor processor = new PreAggregationProcessor(PreAggregationProcessor.MAX_BUFFERED_BUCKETS);
        processor.init(context);
        assertThat(scheduledFlushes(context)).as("nothing waits after start").isEmpty();

        processor.process(new Record<>(bucket("a"), ONE, 0));
        processor.process(new Record<>(bucket("b"), ONE, 0));

        assertThat(scheduledFlushes(context)).hasSize(1);
        MockProcessorContext.CapturedPunctuator flush =
                scheduledFlushes(context).get(0);
        assertThat(flush.getInterval()).isEqualTo(COMMIT_INTERVAL);
        assertThat(flush.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);

        flush.getPunctuator().punctuate(COMMIT_INTERVAL.toMillis());

        assertThat(context.forwarded()).hasSize(2);
        assertThat(scheduledFlushes(context))
                .as("nothing waits after the flush")
                .isEmpty();

        processor.process(new Record<>(bucket("a"), ONE, 0));

        assertThat(scheduledFlushes(context)).hasSize(1);
    }

    private static List<MockProcessorContext.CapturedPunctuator> scheduledFlushes(
            MockProcessorContext<BucketKey, Bucket> context) {
        return context.scheduledPunctuators().stream()
                .filter(punctuator -> !punctuator.cancelled())
                .toList();
    }

    private static MockProcessorContext<BucketKey, Bucket> mockContext() {
        Properties configs = new Properties();
        configs.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL.toMillis());
        return new MockProcessorContext<>(configs);
    }

    private static TimestampedKeyValueStore<Bytes, byte[]> buffer(MockProcessorContext<BucketKey, Bucket> context) {
        TimestampedKeyValueStore<Bytes, byte[]> buffer =
                PreAggregationProcessor.bufferStore().withLoggingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        context.addStateStore(buffer);
        return buffer;
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static BucketKey bucket(String project) {
        return new BucketKey(LocalDate.parse("2024-04-15"), project, 137, SFL);
    }

    @Test
    void theTableIsTheSameWithAndWithoutPreAggregation() {
        List<Transaction> input = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String day = "2024-04-1" + (5 + i % 3);
            String project = i % 4 == 0 ? "0" : "4974";
            input.add(
                    i % 7 == 0
                            ? decimalOnly("d" + i, day + "T10:00:00Z", project, SFL, "1.5")
                            : transaction(
                                    "t" + i,
                                    day + "T1" + i % 10 + ":00:00Z",
                                    project,
                                    i % 2 == 0 ? SFL : USDC,
                                    i % 2 == 0 ? (i + 1) + "000000000000000000" : (i + 1) + "000000"));
        }
        input.add(input.get(3));
        input.add(input.get(10));

        Map<String, String> preAggregated;
        try (DailyVolumeDriver driver = DailyVolumeDriver.preAggregating(stateDir.resolve("pre"), COMMIT_INTERVAL)) {
            preAggregated = run(driver, input, true);
        }
        Map<String, String> passedThrough;
        try (DailyVolumeDriver driver = new DailyVolumeDriver(stateDir.resolve("plain"))) {
            passedThrough = run(driver, input, false);
        }

        assertThat(preAggregated).hasSize(6).isEqualTo(passedThrough);
    }

    private static Map<String, String> run(DailyVolumeDriver driver, List<Transaction> input, boolean tick) {
        driver.token(SFL, SFL_TOKEN);
        driver.token(USDC, USDC_TOKEN);
        for (int i = 0; i < input.size(); i++) {
            driver.send(input.get(i));
            if (tick && i % 10 == 9) {
                driver.advanceWallClock(COMMIT_INTERVAL);
            }
            if (i == 30) {
                driver.rate("sunflower-land", "2024-04-15", "0.04");
                driver.rate("usd-coin", "2024-04-16", "1.001");
            }
        }
        driver.advanceWallClock(COMMIT_INTERVAL);
        return driver.table().values().stream()
                .collect(Collectors.toMap(
                        DailyVolume::key,
                        row -> row.numTransactions() + "/"
                                + row.totalVolumeUsd().toPlainString() + "/" + row.unpricedTransactions()));
    }

    private static List<Map.Entry<BucketKey, Bucket>> repartitioned(DailyVolumeDriver driver) {
        List<Map.Entry<BucketKey, Bucket>> entries = new ArrayList<>();
        driver.written(REPARTITION, InternalSerdes.BUCKET_KEYS.deserializer(), InternalSerdes.BUCKETS.deserializer())
                .forEach(record -> entries.add(new SimpleEntry<>(record.key(), record.value())));
        return entries;
    }

    private static List<Map.Entry<BucketKey, Bucket>> bufferChangelog(DailyVolumeDriver driver) {
        List<Map.Entry<BucketKey, Bucket>> entries = new ArrayList<>();
        Deserializer<byte[]> bytes = new ByteArrayDeserializer();
        driver.written(BUFFER_CHANGELOG, bytes, bytes)
                .forEach(record -> entries.add(new SimpleEntry<>(
                        InternalSerdes.BUCKET_KEYS.read(record.key()),
                        record.value() == null ? null : InternalSerdes.BUCKETS.read(record.value()))));
        return entries;
    }
}
