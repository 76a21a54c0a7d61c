package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.connectors.testing.ExternalProcess;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kafka broker stops and starts again (same port, same data) under a continuous {@code daybook run} at a
 * moment each part is mid-way through: every part rides out the outage, and a {@code run --once} afterwards
 * ends with exactly the expected table, in the warehouse too, and the totals of every row read once.
 */
@Tag("integration")
class BrokerRestartTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int ROWS = 3_000;

    /** When the broker stops. */
    enum Moment {
        /** An ingest transaction holds rows not yet committed: the transactions topic's last stable offset lags its end. */
        INGEST_TRANSACTION_OPEN(60),
        /** A Streams transaction holds records not yet committed, on an internal topic or daily-volume. */
        STREAMS_TRANSACTION_OPEN(61),
        /**
         * The sink has written and committed some rows and has newer ones to write. All files but the first
         * land only after the sink's first commit, and the sink writes at most every few seconds, so that newer
         * rows wait for it long enough to be seen however fast the run is.
         */
        SINK_WRITING(62);

        /** The seed of the data generated for this moment. */
        final long seed;

        Moment(long seed) {
            this.seed = seed;
        }

        /** Options of the continuous run, besides the common ones. */
        List<String> runOptions() {
            return this == SINK_WRITING ? List.of("--sink-write-interval", "3s") : List.of();
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Moment.class)
    void everyPartRidesOutABrokerRestartAndTheTableIsExact(Moment moment) throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), ROWS, 500, moment.seed);
        Path kafkaData = dir.resolve("kafka");
        int port = ExternalProcess.freePort();
        int httpPort = ExternalProcess.freePort();
        TopicCatalogue topics = TopicCatalogue.forPrefix("restart.");
        Path warehouse = dir.resolve("daybook.duckdb");
        List<Path> heldBack = moment == Moment.SINK_WRITING ? holdBackAllButFirst(scenario) : List.of();
        EmbeddedKafka broker = new EmbeddedKafka(kafkaData, port);
        String bootstrap = broker.start();
        try {
            List<String> common = List.of(
                    "--bootstrap-servers",
                    bootstrap,
                    "--topic-prefix",
                    topics.prefix(),
                    "--application-id",
                    topics.prefix() + "app",
                    "--sink-group-id",
                    topics.prefix() + "sink",
                    "--partitions",
                    "2",
                    "--state-dir",
                    dir.resolve("state").toString(),
                    "--source",
                    scenario.events.toUri().toString(),
                    "--tokens",
                    scenario.tokens.toString(),
                    "--rates",
                    "file:" + scenario.allRates,
                    "--warehouse",
                    "duckdb:" + warehouse,
                    "--commit-interval",
                    "PT1S",
                    "--sink-batch-interval",
                    "200ms");
            try (DaybookProcess continuous = DaybookProcess.start(
                    dir,
                    "continuous",
                    concat(
                            List.of(
                                    "run",
                                    "--ingest-batch-rows",
                                    "100",
                                    "--max-objects-in-flight",
                                    "1",
                                    "--ingest-workers",
                                    "1",
                                    "--http-host",
                                    "127.0.0.1",
                                    "--http-port",
                                    String.valueOf(httpPort)),
                            concat(moment.runOptions(), common)))) {
                KafkaSettings kafka = KafkaSettings.of(bootstrap);
                if (!heldBack.isEmpty()) {
                    awaitWhileAlive(
                            "the sink's first commit",
                            continuous,
                            Duration.ofMillis(100),
                            () -> holds(kafka, admin -> sinkCommitted(admin, topics) > 0));
                    land(heldBack, scenario.events);
                }
                awaitWhileAlive(
                        "the moment " + moment,
                        continuous,
                        Duration.ofMillis(20),
                        () -> holds(kafka, admin -> reached(moment, admin, topics)));
                if (moment == Moment.INGEST_TRANSACTION_OPEN) {
                    assertThat(committedRows(kafka, topics))
                            .as("stopped before the last row was ingested")
                            .isLessThan(ROWS);
                }

                broker.close();
                broker = new EmbeddedKafka(kafkaData, port);
                broker.start();

                awaitWhileAlive(
                        "every row ingested after the restart",
                        continuous,
                        Duration.ofMillis(200),
                        () -> SeparatePartsTest.get(httpPort, "/metrics")
                                .contains("daybook_ingest_rows_read_total " + ROWS + ".0\n"));
                assertThat(continuous.stop(TIMEOUT)).as(continuous.stderr()).isEqualTo(143);
            }
            assertThat(TopicContents.records(
                            KafkaSettings.of(bootstrap), topics.transactions().name()))
                    .as("every transaction row is in the topic once")
                    .hasSize((int) scenario.summary.transactions());

            try (DaybookProcess once = DaybookProcess.start(dir, "once", concat(List.of("run", "--once"), common))) {
                assertThat(once.exitCode(TIMEOUT)).as(once.stderr()).isZero();
                String expected = scenario.expectedCsv(true);
                assertThat(once.stdout()).isEqualTo(expected);
                assertThat(DuckDbTable.read(warehouse)).isEqualTo(DuckDbTable.asStored(expected));
                DuckDbModel.assertMatches(warehouse, scenario);
                assertThat(once.lastErrLine())
                        .startsWith(
                                scenario.expectedSummaryPrefix(expected.lines().count() - 1));
            }
        } finally {
            broker.close();
        }
    }

    /** Waits until the condition holds; fails at once, with what the run said, if the run ends first. */
    private static void awaitWhileAlive(String alias, DaybookProcess run, Duration poll, Callable<Boolean> condition) {
        await(alias).atMost(TIMEOUT).pollInterval(poll).until(() -> {
            assertThat(run.isAlive())
                    .as("the run is alive; it said:\n%s", run.stderr())
                    .isTrue();
            return condition.call();
        });
    }

    /** A question to the cluster's admin API. */
    @FunctionalInterface
    private interface AdminCondition {
        boolean holds(Admin admin) throws Exception;
    }

    /** Whether the condition holds; false while what it asks about does not exist yet. */
    private static boolean holds(KafkaSettings kafka, AdminCondition condition) throws Exception {
        try (Admin admin = quickAdmin(kafka)) {
            return condition.holds(admin);
        } catch (ExecutionException notThereYet) {
            return false;
        }
    }

    private static boolean reached(Moment moment, Admin admin, TopicCatalogue topics) throws Exception {
        return switch (moment) {
            case INGEST_TRANSACTION_OPEN ->
                openTransaction(admin, Set.of(topics.transactions().name()));
            case STREAMS_TRANSACTION_OPEN ->
                openTransaction(
                        admin,
                        admin.listTopics().names().get().stream()
                                .filter(name -> name.startsWith(topics.prefix() + "app-")
                                        || name.equals(topics.dailyVolume().name()))
                                .collect(Collectors.toSet()));
            case SINK_WRITING -> sinkWriting(admin, topics);
        };
    }

    /** Whether a partition of the topics holds records of a transaction not yet committed. */
    private static boolean openTransaction(Admin admin, Set<String> names) throws Exception {
        if (names.isEmpty()) {
            return false;
        }
        Map<TopicPartition, ListOffsetsResultInfo> stable = offsets(admin, names, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> end = offsets(admin, names, IsolationLevel.READ_UNCOMMITTED);
        return stable.keySet().stream()
                .anyMatch(partition ->
                        stable.get(partition).offset() < end.get(partition).offset());
    }

    private static boolean sinkWriting(Admin admin, TopicCatalogue topics) throws Exception {
        long written = sinkCommitted(admin, topics);
        long available =
                offsets(admin, Set.of(topics.dailyVolume().name()), IsolationLevel.READ_COMMITTED).values().stream()
                        .mapToLong(ListOffsetsResultInfo::offset)
                        .sum();
        return written > 0 && available > written;
    }

    /** The daily-volume records the sink committed; its group also commits the other tables' topics, which do not count. */
    private static long sinkCommitted(Admin admin, TopicCatalogue topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topics.prefix() + "sink")
                .partitionsToOffsetAndMetadata()
                .get();
        return committed.entrySet().stream()
                .filter(entry ->
                        entry.getKey().topic().equals(topics.dailyVolume().name()) && entry.getValue() != null)
                .mapToLong(entry -> entry.getValue().offset())
                .sum();
    }

    /** Moves every generated file but the first out of the scenario's events, to land later; returns where they wait. */
    private List<Path> holdBackAllButFirst(GeneratedScenario scenario) throws IOException {
        Path held = Files.createDirectories(dir.resolve("held"));
        List<Path> files = scenario.summary.files();
        assertThat(files).hasSizeGreaterThan(1);
        List<Path> waiting = new ArrayList<>();
        for (Path file : files.subList(1, files.size())) {
            waiting.add(Files.move(file, held.resolve(file.getFileName())));
        }
        return waiting;
    }

    /** Moves the held-back files into the events directory, each in one rename. */
    private static void land(List<Path> heldBack, Path events) throws IOException {
        for (Path file : heldBack) {
            Files.move(file, events.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(
            Admin admin, Set<String> names, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(names)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(partition ->
                                latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation))
                .all()
                .get();
    }

    /** Rows whose ingest is committed, by the ingest progress of each object. */
    private static long committedRows(KafkaSettings kafka, TopicCatalogue topics) throws IOException {
        long rows = 0;
        for (String progress :
                TopicContents.table(kafka, topics.ingestProgress().name()).values()) {
            rows += Json.MAPPER.readValue(progress, IngestProgress.class).rows();
        }
        return rows;
    }

    private static Admin quickAdmin(KafkaSettings kafka) {
        return Admin.create(kafka.clientProperties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                1_000)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
