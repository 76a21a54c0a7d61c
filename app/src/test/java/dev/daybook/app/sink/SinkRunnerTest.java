package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.HttpSettings;
import dev.daybook.app.http.SinkReadiness;
import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.warehouse.DailyVolumeCsv;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.TopicCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class SinkRunnerTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final SinkSettings FAST =
            new SinkSettings(5000, Duration.ofMillis(100), 3, Duration.ofMillis(10), Duration.ofMillis(50));
    private static final JsonSerde<DailyVolume> SERDE = JsonSerde.of(DailyVolume.class);

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SinkRunner> runners = new ArrayList<>();
    private final List<DuckDbWarehouse> warehouses = new ArrayList<>();

    @AfterEach
    void closeAll() {
        runners.forEach(SinkRunner::close);
        warehouses.forEach(DuckDbWarehouse::close);
        threads.shutdownNow();
    }

    @Test
    void writesTheNewestCommittedVersionOfEachRowAndCommitsPastIt() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produceInTransaction(topics, true, row("2024-01-01", "a", 1, "10", 1), row("2024-01-01", "b", 1, "2.5", 1));
        produceInTransaction(topics, false, row("2024-01-01", "c", 9, "999", 1), row("2024-01-01", "a", 9, "999", 9));
        produceInTransaction(topics, true, row("2024-01-01", "a", 3, "30.75", 3), row("2024-01-01", "a", 2, "20", 2));
        DuckDbWarehouse warehouse = duckDb();

        boolean caughtUp = runner(topics, "g1", warehouse).runUntilCaughtUp();

        assertThat(caughtUp).isTrue();
        assertThat(warehouse.read())
                .containsExactly(row("2024-01-01", "a", 3, "30.75", 3), row("2024-01-01", "b", 1, "2.5", 1));
        assertThat(committed("g1")).isEqualTo(endOffsets(topics.dailyVolume().name()));
    }

    @Test
    void aReplayOfOlderVersionsDoesNotOverwriteNewerRows() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1), row("2024-01-01", "a", 5, "5", 5));
        DuckDbWarehouse warehouse = duckDb();
        runner(topics, "first", warehouse).runUntilCaughtUp();
        produce(topics, row("2024-01-01", "a", 2, "2", 2));

        runner(topics, "replaying-from-the-start", warehouse).runUntilCaughtUp();

        assertThat(warehouse.read()).containsExactly(row("2024-01-01", "a", 5, "5", 5));
    }

    @Test
    void commitsOffsetsOnlyAfterTheWarehouseAcceptedTheRows() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        TestWarehouses.Gated warehouse = new TestWarehouses.Gated(duckDb());
        SinkRunner runner = runner(topics, "gated", warehouse);
        Future<?> running = threads.submit(() -> {
            runner.run();
            return null;
        });

        assertThat(warehouse.entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertNoRecordCommitted("gated");
        warehouse.release();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> committed("gated")
                        .equals(endOffsets(topics.dailyVolume().name())));
        assertThat(warehouse.accepted()).containsExactly(List.of(row("2024-01-01", "a", 1, "1", 1)));
        assertThat(runner.status().lastWrite()).isPresent();
        runner.close();
        running.get(30, TimeUnit.SECONDS);
        assertThat(runner.status().state()).isEqualTo(SinkStatus.State.STOPPED);
    }

    @Test
    void aPermanentWarehouseFailureStopsTheSinkWithoutCommitting() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        TestWarehouses.Failing warehouse = new TestWarehouses.Failing(duckDb(), Integer.MAX_VALUE, false);
        SinkRunner runner = runner(topics, "broken", warehouse);

        assertThatThrownBy(runner::runUntilCaughtUp)
                .isInstanceOf(SinkFailedException.class)
                .hasMessage("cannot write 1 rows to daily_volume: table is read-only");

        assertThat(warehouse.attempts).hasValue(1);
        assertThat(runner.status().state()).isEqualTo(SinkStatus.State.FAILED);
        assertThat(runner.status().failure()).contains("cannot write 1 rows to daily_volume: table is read-only");
        assertThat(runner.status().rowsWritten()).isZero();
        assertNoRecordCommitted("broken");
    }

    @Test
    void transientFailuresAreRetriedAndTheBatchIsWrittenOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1), row("2024-01-02", "a", 2, "2", 1));
        TestWarehouses.Failing warehouse = new TestWarehouses.Failing(duckDb(), 2, true);
        SinkRunner runner = runner(topics, "flaky", warehouse);

        assertThat(runner.runUntilCaughtUp()).isTrue();

        assertThat(warehouse.attempts).hasValue(3);
        assertThat(warehouse.accepted()).hasSize(1);
        assertThat(warehouse.accepted().get(0))
                .containsExactlyInAnyOrder(row("2024-01-01", "a", 1, "1", 1), row("2024-01-02", "a", 2, "2", 1));
        assertThat(runner.status().rowsWritten()).isEqualTo(2);
        assertThat(committed("flaky")).isEqualTo(endOffsets(topics.dailyVolume().name()));
    }

    @Test
    void givesUpWhenTransientFailuresOutlastTheRetries() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        TestWarehouses.Failing warehouse = new TestWarehouses.Failing(duckDb(), Integer.MAX_VALUE, true);
        SinkRunner runner = runner(topics, "down", warehouse);

        assertThatThrownBy(runner::runUntilCaughtUp)
                .hasMessage("cannot write 1 rows to daily_volume after 4 attempts: warehouse briefly unavailable");
        assertThat(warehouse.attempts).hasValue(4);
        assertThat(committed("down")).isEmpty();
    }

    @Test
    void sendsRecordsThatAreNoDailyVolumeRowToTheDeadLetterTopic() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        DailyVolume good = row("2024-01-01", "a", 1, "1", 1);
        produceRaw(topics, 0, "2024-01-01:x", "{not json".getBytes(StandardCharsets.UTF_8));
        produceRaw(
                topics,
                0,
                "2024-01-02:elsewhere",
                SERDE.serialize(topics.dailyVolume().name(), good));
        produce(topics, good);
        DuckDbWarehouse warehouse = duckDb();
        SinkRunner runner = runner(topics, "dlq", warehouse);

        assertThat(runner.runUntilCaughtUp()).isTrue();

        assertThat(warehouse.read()).containsExactly(good);
        assertThat(runner.status().deadLettered()).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                readAll(topics.deadLetter().name(), 2);
        assertThat(deadLetters).hasSize(2);
        ConsumerRecord<byte[], byte[]> notJson = deadLetters.stream()
                .filter(r -> header(r, DeadLetterHeaders.REASON).equals("bad_daily_volume"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(notJson.key(), StandardCharsets.UTF_8)).isEqualTo("2024-01-01:x");
        assertThat(new String(notJson.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(notJson, DeadLetterHeaders.STAGE)).isEqualTo("sink");
        assertThat(header(notJson, DeadLetterHeaders.MESSAGE))
                .startsWith("not a valid DailyVolume on topic "
                        + topics.dailyVolume().name());
        assertThat(header(notJson, DeadLetterHeaders.SOURCE_URI))
                .isEqualTo("kafka:" + topics.dailyVolume().name() + "-0@0");
        ConsumerRecord<byte[], byte[]> misKeyed = deadLetters.stream()
                .filter(r -> header(r, DeadLetterHeaders.REASON).equals("key_mismatch"))
                .findFirst()
                .orElseThrow();
        assertThat(header(misKeyed, DeadLetterHeaders.MESSAGE))
                .isEqualTo("key 2024-01-02:elsewhere does not match the row's 2024-01-01:a");
        assertThat(committed("dlq")).isEqualTo(endOffsets(topics.dailyVolume().name()));
    }

    @Test
    void aJsonNullValueIsDeadLetteredInsteadOfStoppingTheSink() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        DailyVolume good = row("2024-01-01", "a", 1, "1", 1);
        produceRaw(topics, 0, "2024-01-01:x", "null".getBytes(StandardCharsets.UTF_8));
        produce(topics, good);
        DuckDbWarehouse warehouse = duckDb();
        SinkRunner runner = runner(topics, "json-null", warehouse);

        assertThat(runner.runUntilCaughtUp()).isTrue();

        assertThat(warehouse.read()).containsExactly(good);
        ConsumerRecord<byte[], byte[]> deadLetter =
                readAll(topics.deadLetter().name(), 1).get(0);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("bad_daily_volume");
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .isEqualTo("the value is JSON null, not a daily-volume row");
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_URI))
                .isEqualTo("kafka:" + topics.dailyVolume().name() + "-0@0");
        assertThat(committed("json-null"))
                .isEqualTo(endOffsets(topics.dailyVolume().name()));
    }

    @Test
    void aRowTheWarehouseRefusesIsDeadLetteredWithItsMessageAndEveryOtherRowIsWrittenOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        List<DailyVolume> good = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            good.add(row("2024-01-01", "p" + i, 1 + i, i + ".5", 1));
        }
        DailyVolume refused = row("2024-01-01", "huge", 5000, "1", 1);
        produce(topics, good.subList(0, 9).toArray(DailyVolume[]::new));
        produce(topics, refused);
        produce(topics, good.subList(9, 15).toArray(DailyVolume[]::new));
        TestWarehouses.Recording warehouse = new TestWarehouses.Recording(duckDbRefusing("num_transactions < 1000"));
        DaybookMetrics metrics = DaybookMetrics.unexported();
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "refusing", warehouse, FAST, metrics);
        runners.add(runner);

        assertThat(runner.runUntilCaughtUp()).isTrue();

        assertThat(table(warehouse.delegate).values()).containsExactlyInAnyOrderElementsOf(good);
        assertThat(writtenVersions(warehouse))
                .as("no row written twice")
                .doesNotHaveDuplicates()
                .hasSize(15);
        ConsumerRecord<byte[], byte[]> source = recordOf(topics.dailyVolume().name(), refused.key());
        ConsumerRecord<byte[], byte[]> deadLetter =
                readAll(topics.deadLetter().name(), 1).get(0);
        assertThat(header(deadLetter, DeadLetterHeaders.STAGE)).isEqualTo("sink");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("warehouse_refused");
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .startsWith("cannot write 1 rows to daily_volume in ")
                .contains("Constraint Error")
                .contains("CHECK constraint failed");
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_URI))
                .isEqualTo("kafka:" + topics.dailyVolume().name() + "-" + source.partition() + "@" + source.offset());
        assertThat(deadLetter.key()).isEqualTo(utf8(refused.key()));
        assertThat(deadLetter.value()).isEqualTo(source.value());
        assertThat(committed("refusing"))
                .isEqualTo(endOffsets(topics.dailyVolume().name()));
        assertThat(runner.status().rowsRefused()).isEqualTo(1);
        assertThat(runner.status().deadLettered()).isEqualTo(1);
        assertThat(runner.status().rowsWritten()).isEqualTo(15);
        assertThat(metrics.registry()
                        .get(DaybookMetrics.DEAD_LETTERS)
                        .tags("stage", "sink", "reason", "warehouse_refused")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aSinkWhoseWarehouseRefusedARowKeepsRunningReadyWithTheCountAndWritesTheKeysNextVersion() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        DuckDbWarehouse warehouse = duckDbRefusing("num_transactions < 1000");
        DaybookMetrics metrics = DaybookMetrics.unexported();
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "refusing-live", warehouse, FAST, metrics);
        runners.add(runner);
        Future<?> running = threads.submit(() -> {
            runner.run();
            return null;
        });
        produce(topics, row("2024-01-01", "a", 1, "1", 1), row("2024-01-01", "b", 5000, "2", 1));

        try (DaybookHttpServer http = DaybookHttpServer.healthAndMetrics(
                HttpSettings.loopback(),
                metrics,
                new SinkReadiness(runner::status, SinkReadiness.DEFAULT_STALL_TIMEOUT))) {
            http.start(reason -> {});
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> runner.status().rowsRefused() == 1
                            && committed("refusing-live")
                                    .equals(endOffsets(topics.dailyVolume().name())));
            assertThat(warehouse.read()).containsExactly(row("2024-01-01", "a", 1, "1", 1));
            assertThat(get(http, "/health/ready"))
                    .isEqualTo(
                            "200 {\"status\":\"ready\",\"note\":\"the warehouse refused 1 rows"
                                    + " since the sink started; they are in the dead-letter topic with reason warehouse_refused\"}");
            assertThat(get(http, "/metrics"))
                    .contains("daybook_dead_letters_total{reason=\"warehouse_refused\",stage=\"sink\"} 1.0\n");

            produce(topics, row("2024-01-01", "b", 7, "3", 2), row("2024-01-02", "c", 1, "4", 1));

            await().atMost(Duration.ofSeconds(30)).until(() -> warehouse.read().size() == 3);
            assertThat(warehouse.read())
                    .containsExactly(
                            row("2024-01-01", "a", 1, "1", 1),
                            row("2024-01-01", "b", 7, "3", 2),
                            row("2024-01-02", "c", 1, "4", 1));
            assertThat(runner.status().state()).isEqualTo(SinkStatus.State.RUNNING);
            assertThat(runner.status().rowsRefused()).isEqualTo(1);
        }
        runner.close();
        running.get(30, TimeUnit.SECONDS);
        assertThat(readToEnd(topics.deadLetter().name())).hasSize(1);
    }

    @Test
    void aRefusedRowIsNotDeadLetteredAgainWhenTheSinkRestarts() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1), row("2024-01-01", "b", 5000, "2", 1));
        DuckDbWarehouse warehouse = duckDbRefusing("num_transactions < 1000");
        assertThat(runner(topics, "restarted", warehouse).runUntilCaughtUp()).isTrue();
        produce(topics, row("2024-01-02", "c", 1, "4", 1));

        SinkRunner restarted = runner(topics, "restarted", warehouse);
        assertThat(restarted.runUntilCaughtUp()).isTrue();

        assertThat(restarted.status().rowsRefused()).isZero();
        assertThat(readToEnd(topics.deadLetter().name())).hasSize(1);
        assertThat(warehouse.read())
                .containsExactly(row("2024-01-01", "a", 1, "1", 1), row("2024-01-02", "c", 1, "4", 1));
    }

    @Test
    void printModePrintsTheWholeTableFromTheBeginningOfTheTopic() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-02", "b", 4, "1234.5600", 1), row("2024-01-01", "z", 1, "0.000001", 1));
        runner(topics, "an-earlier-durable-sink", duckDb()).runUntilCaughtUp();
        produce(topics, row("2024-01-01", "a", 2, "7", 1), row("2024-01-02", "b", 5, "2000", 2));

        String first = print(topics);
        String second = print(topics);

        assertThat(first).isEqualTo("""
                date,project_id,num_transactions,total_volume_usd,unpriced_transactions
                2024-01-01,a,2,7,0
                2024-01-01,z,1,0.000001,0
                2024-01-02,b,5,2000,0
                """);
        assertThat(second).isEqualTo(first);
    }

    /** The print sink's consumer belongs to no group: once caught up, it has no reason to wait for its last fetch. */
    @Test
    void printModeEndsWithoutWaitingForTheFetchTheBrokerHoldsAtTheEnd() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 2, "7", 1));
        KafkaSettings patientFetches =
                KafkaSettings.of(kafka.settings().bootstrapServers(), Map.of("fetch.max.wait.ms", "25000"));
        SinkRunner runner = new SinkRunner(
                patientFetches,
                topics,
                "unused-by-print",
                new PrintWarehouse(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                FAST);
        runners.add(runner);

        boolean caughtUp = assertTimeoutPreemptively(Duration.ofSeconds(10), runner::runUntilCaughtUp);

        assertThat(caughtUp).isTrue();
        assertThat(runner.status().rowsWritten()).isEqualTo(1);
    }

    @Test
    void closeStopsTheSinkWithEverythingReadWrittenAndCommitted() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        DuckDbWarehouse warehouse = duckDb();
        SinkSettings slowBatches = new SinkSettings(5000, Duration.ofHours(1), 0, Duration.ZERO, Duration.ZERO);
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "closing", warehouse, slowBatches);
        runners.add(runner);
        Future<?> running = threads.submit(() -> {
            runner.run();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().state() == SinkStatus.State.RUNNING);
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> runner.status().rowsWritten() == 1
                        && runner.status().lag().equals(OptionalLong.of(0)));

        runner.close();

        running.get(30, TimeUnit.SECONDS);
        assertThat(runner.status().state()).isEqualTo(SinkStatus.State.STOPPED);
        assertThat(warehouse.read()).containsExactly(row("2024-01-01", "a", 1, "1", 1));
        assertThat(committed("closing"))
                .isEqualTo(endOffsets(topics.dailyVolume().name()));
    }

    @Test
    void rowsArrivingWithinTheWriteIntervalAreCoalescedIntoOneLaterWrite() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        TestWarehouses.Recording warehouse = new TestWarehouses.Recording(duckDb());
        Duration writeInterval = Duration.ofSeconds(30);
        SinkSettings coalescing =
                new SinkSettings(5000, Duration.ofMillis(100), 0, Duration.ZERO, Duration.ZERO, writeInterval, true);
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "coalescing", warehouse, coalescing);
        runners.add(runner);
        Future<?> running = threads.submit(() -> {
            runner.run();
            return null;
        });
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.accepted().size() == 1);
        long firstWrite = System.nanoTime();

        produce(topics, row("2024-01-01", "b", 1, "2", 1));
        produce(topics, row("2024-01-01", "c", 1, "3", 1));
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.accepted().size() == 2);
        long secondWrite = System.nanoTime();

        // each write is seen up to one poll of the await late: a second's slack, far below the interval
        assertThat(Duration.ofNanos(secondWrite - firstWrite)).isGreaterThan(writeInterval.minusSeconds(1));
        List<List<DailyVolume>> batches = warehouse.accepted();
        assertThat(batches)
                .as("b and c, read within the write interval, were written together")
                .hasSize(2);
        assertThat(batches.get(0)).containsExactly(row("2024-01-01", "a", 1, "1", 1));
        assertThat(batches.get(1))
                .containsExactlyInAnyOrder(row("2024-01-01", "b", 1, "2", 1), row("2024-01-01", "c", 1, "3", 1));
        runner.close();
        running.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCatchUpRunDoesNotWaitForTheWriteInterval() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        DuckDbWarehouse warehouse = duckDb();
        SinkSettings hourly = new SinkSettings(
                5000, Duration.ofMillis(100), 0, Duration.ZERO, Duration.ZERO, Duration.ofHours(1), true);
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "catch-up", warehouse, hourly);
        runners.add(runner);

        Future<Boolean> caughtUp = threads.submit(runner::runUntilCaughtUp);

        assertThat(caughtUp.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(warehouse.read()).containsExactly(row("2024-01-01", "a", 1, "1", 1));
    }

    @Test
    void partitionsMovingToANewInstanceHaveEachRowVersionWrittenExactlyOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        TestWarehouses.Recording warehouse = new TestWarehouses.Recording(duckDb());
        // Rows arrive without pause and the sink only writes when idle or after an hour: the first
        // instance still holds everything it read when the second one joins and takes partitions away.
        SinkSettings onlyWhenIdle = new SinkSettings(1_000_000, Duration.ofHours(1), 0, Duration.ZERO, Duration.ZERO);
        SinkRunner first = new SinkRunner(kafka.settings(), topics, "shared", warehouse, onlyWhenIdle);
        SinkRunner second = new SinkRunner(kafka.settings(), topics, "shared", warehouse, onlyWhenIdle);
        runners.add(first);
        runners.add(second);
        Future<?> firstRunning = threads.submit(() -> {
            first.run();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> eachMemberOwnsAPartition("shared", 1));
        Map<String, DailyVolume> newest = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        Future<?> producer = threads.submit(() -> produceUntilStopped(topics, newest, producing));

        Future<?> secondRunning = threads.submit(() -> {
            second.run();
            return null;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> eachMemberOwnsAPartition("shared", 2));
        producing.set(false);
        producer.get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> table(warehouse.delegate).equals(newest)
                        && committed("shared")
                                .equals(endOffsets(topics.dailyVolume().name())));
        assertThat(writtenVersions(warehouse)).doesNotHaveDuplicates();
        assertThat(first.status().rowsWritten()).isPositive();
        assertThat(second.status().rowsWritten()).isPositive();
        first.close();
        second.close();
        firstRunning.get(30, TimeUnit.SECONDS);
        secondRunning.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSinkWithAnInstanceIdIsAStaticMemberThatLeavesItsGroupWhenClosed() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        produce(topics, row("2024-01-01", "a", 1, "1", 1));
        SinkRunner runner = new SinkRunner(
                kafka.settings().withInstanceId(new InstanceId("sink-a")), topics, "static", duckDb(), FAST);
        runners.add(runner);
        Future<?> running = threads.submit(() -> {
            runner.run();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> eachMemberOwnsAPartition("static", 1));
        assertThat(ConsumerGroups.members(kafka.settings(), "static"))
                .extracting(member -> member.groupInstanceId().orElse("dynamic"))
                .containsExactly("sink-a");

        runner.close();

        running.get(30, TimeUnit.SECONDS);
        assertThat(ConsumerGroups.members(kafka.settings(), "static"))
                .as("a static member stays until its session times out unless it leaves")
                .isEmpty();
    }

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // the sink's failure shows in its status, which the test checks
    void ofTwoSinksWithOneInstanceIdTheOlderStopsWithAMessageSayingWhatToFix() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        KafkaSettings twin = kafka.settings().withInstanceId(new InstanceId("twin"));
        SinkRunner older = new SinkRunner(twin, topics, "twins", duckDb(), FAST);
        SinkRunner newer = new SinkRunner(twin, topics, "twins", duckDb(), FAST);
        runners.add(older);
        runners.add(newer);
        Future<?> olderRunning = threads.submit(() -> {
            older.run();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> eachMemberOwnsAPartition("twins", 1));

        Future<?> newerRunning = threads.submit(() -> {
            newer.run();
            return null;
        });

        String expected =
                "another process joined consumer group twins as instance twin: give every Daybook running at the"
                        + " same time its own --instance-id";
        assertThatThrownBy(() -> olderRunning.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SinkFailedException.class)
                .cause()
                .hasMessage(expected);
        assertThat(older.status().state()).isEqualTo(SinkStatus.State.FAILED);
        assertThat(older.status().failure()).contains(expected);
        assertThat(newer.status().state()).isEqualTo(SinkStatus.State.RUNNING);
        newer.close();
        newerRunning.get(30, TimeUnit.SECONDS);
    }

    /** Sends one new version after the other, each acknowledged before the next, until told to stop. */
    private static Void produceUntilStopped(
            TopicCatalogue topics, Map<String, DailyVolume> newest, AtomicBoolean producing) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (long version = 1; producing.get(); version++) {
                DailyVolume row = row("2024-02-01", "p" + version % 20, version, version + ".5", version);
                producer.send(new ProducerRecord<>(
                                topics.dailyVolume().name(),
                                utf8(row.key()),
                                SERDE.serialize(topics.dailyVolume().name(), row)))
                        .get();
                newest.put(row.key(), row);
            }
        }
        return null;
    }

    /** Each row version the warehouse accepted, as often as it accepted it. */
    private static List<String> writtenVersions(TestWarehouses.Recording warehouse) {
        return warehouse.accepted().stream()
                .flatMap(List::stream)
                .map(row -> row.key() + "@" + row.version())
                .toList();
    }

    private static boolean eachMemberOwnsAPartition(String group, int members) throws Exception {
        try (Admin admin = kafka.admin()) {
            ConsumerGroupDescription description;
            try {
                description =
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return false;
                }
                throw e;
            }
            return description.members().size() == members
                    && description.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        }
    }

    private static Map<String, DailyVolume> table(Warehouse warehouse) throws Exception {
        return ((DuckDbWarehouse) warehouse).read().stream().collect(Collectors.toMap(DailyVolume::key, v -> v));
    }

    private String print(TopicCatalogue topics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWarehouse warehouse = new PrintWarehouse(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(runner(topics, "unused-by-print", warehouse).runUntilCaughtUp())
                .isTrue();
        warehouse.printTable();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith(DailyVolumeCsv.HEADER);
        return printed;
    }

    private SinkRunner runner(TopicCatalogue topics, String group, Warehouse warehouse) {
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, group, warehouse, FAST);
        runners.add(runner);
        return runner;
    }

    /** A DuckDB file whose daily_volume table, created before the sink starts, refuses rows that break {@code check}. */
    private DuckDbWarehouse duckDbRefusing(String check) throws Exception {
        Path file = dir.resolve("refusing-" + warehouses.size() + ".duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE daily_volume (date DATE NOT NULL, project_id VARCHAR NOT NULL,"
                    + " num_transactions BIGINT NOT NULL, total_volume_usd DOUBLE NOT NULL, unpriced_transactions BIGINT NOT NULL,"
                    + " updated_at TIMESTAMP NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (date, project_id), CHECK ("
                    + check + "))");
        }
        DuckDbWarehouse warehouse = new DuckDbWarehouse(file);
        warehouses.add(warehouse);
        return warehouse;
    }

    private DuckDbWarehouse duckDb() {
        DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("daybook-" + warehouses.size() + ".duckdb"));
        warehouses.add(warehouse);
        return warehouse;
    }

    private static DailyVolume row(String day, String project, long count, String usd, long version) {
        return new DailyVolume(LocalDate.parse(day), project, count, new BigDecimal(usd), 0, version);
    }

    private static void produce(TopicCatalogue topics, DailyVolume... rows) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (DailyVolume row : rows) {
                producer.send(new ProducerRecord<>(
                                topics.dailyVolume().name(),
                                utf8(row.key()),
                                SERDE.serialize(topics.dailyVolume().name(), row)))
                        .get();
            }
        }
    }

    private static void produceInTransaction(TopicCatalogue topics, boolean commit, DailyVolume... rows)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (DailyVolume row : rows) {
                producer.send(new ProducerRecord<>(
                                topics.dailyVolume().name(),
                                utf8(row.key()),
                                SERDE.serialize(topics.dailyVolume().name(), row)))
                        .get();
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush();
                producer.abortTransaction();
            }
        }
    }

    private static void produceRaw(TopicCatalogue topics, int partition, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topics.dailyVolume().name(), partition, utf8(key), value))
                    .get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> properties = kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        properties.putAll(extra);
        return new KafkaProducer<>(properties);
    }

    /**
     * The group committed no offset past a record: at most the starting offsets (0), which the sink may commit
     * when its first poll returns the assignment but no records yet.
     */
    private static void assertNoRecordCommitted(String group) throws Exception {
        assertThat(committed(group).values())
                .allSatisfy(offset -> assertThat(offset).isZero());
    }

    /** The group's committed offsets in the daily-volume topic (a DuckDB sink reads the model's other topics too). */
    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().endsWith(".daily-volume"))
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Every committed record of the topic. */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        CommittedRecords.read(kafka.settings(), topic, Duration.ofSeconds(30), records::add);
        return records;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.settings()
                .clientProperties(Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= expected;
            });
            return records;
        }
    }

    private static ConsumerRecord<byte[], byte[]> recordOf(String topic, String key) {
        return readToEnd(topic).stream()
                .filter(record -> new String(record.key(), StandardCharsets.UTF_8).equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static String get(DaybookHttpServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
