package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.testing.ExternalProcess;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.TopicCatalogue;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Daybook killed like a crash ({@code kill -9}) leaves its members in the consumer groups until their
 * session times out. Started again on the same state directory it is the same instance, which takes their
 * place at once: the restart does not wait out the session timeout, here a long one given through
 * {@code --kafka-config}. A Daybook that stops cleanly leaves its groups, so that nothing waits for it.
 */
@Tag("integration")
class RestartAfterKillTest {

    /** Far longer than a run takes: a restart that waited for the dead members to time out could not end within it. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aRunKilledWithItsEmbeddedBrokerIsCompletedByARunOnceThatDoesNotWaitOutTheSessionTimeout() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 250, 22);
        Path warehouse = dir.resolve("daybook.duckdb");
        int port = ExternalProcess.freePort();
        List<String> common = List.of(
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
                "--embedded-kafka-port",
                String.valueOf(port),
                "--kafka-config",
                longSessions().toString(),
                "--commit-interval",
                "PT0.2S",
                "--sink-batch-interval",
                "200ms");
        String embedded = "127.0.0.1:" + port;
        try (DaybookProcess continuous = DaybookProcess.start(dir, "continuous", concat(continuousRun(), common))) {
            long committed = awaitIngesting(continuous, embedded, TopicCatalogue.withDefaultPrefix());
            continuous.kill();
            assertThat(committed).as("killed while ingesting").isLessThan(scenario.summary.transactions());
        }

        String summary = restartOnceWithinTheSessionTimeout(common, scenario, warehouse);
        JsonNode thisRun = Json.MAPPER.readTree(summary).get("this_run");
        assertThat(thisRun.get("rows_read").asLong())
                .as("what the killed run committed is not this run's")
                .isLessThan(scenario.summary.rows());
    }

    @Test
    void aRunKilledOnAClusterIsReplacedAtOnceByItsRestartWhichEndsWithTheExactTableAndLeavesTheGroups()
            throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 250, 24);
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> groups = List.of(topics.prefix() + "app", topics.prefix() + "sink");
        Path warehouse = dir.resolve("daybook.duckdb");
        List<String> common = clusterRun(topics, scenario, warehouse);
        try (DaybookProcess continuous = DaybookProcess.start(dir, "continuous", concat(continuousRun(), common))) {
            awaitIngesting(continuous, kafka.bootstrapServers(), topics);
            awaitMembers(continuous, groups);
            continuous.kill();
        }
        assertThat(groups)
                .as("the killed run is still a member of its groups")
                .allSatisfy(group -> assertThat(members(group)).isNotEmpty());

        restartOnceWithinTheSessionTimeout(common, scenario, warehouse);
        assertThat(groups)
                .as("the finished run left its groups")
                .allSatisfy(group -> assertThat(members(group)).isEmpty());
    }

    @Test
    void aRunStoppedWithSigtermLeavesItsConsumerGroupsAtOnce() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 200, 100, 25);
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> groups = List.of(topics.prefix() + "app", topics.prefix() + "sink");
        try (DaybookProcess continuous = DaybookProcess.start(
                dir,
                "continuous",
                concat(continuousRun(), clusterRun(topics, scenario, dir.resolve("daybook.duckdb"))))) {
            awaitMembers(continuous, groups);

            assertThat(continuous.stop(RUN_TIMEOUT))
                    .as("stopped by SIGTERM after a clean shutdown")
                    .isEqualTo(143);
        }
        assertThat(groups).allSatisfy(group -> assertThat(members(group)).isEmpty());
    }

    @Test
    void aRunStoppedWhileItsPreAggregationHoldsSumsIsCompletedByARunOnceWithTheExactTable() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_000, 250, 26);
        TopicCatalogue topics = kafka.uniqueTopics();
        Path warehouse = dir.resolve("daybook.duckdb");
        int httpPort = ExternalProcess.freePort();
        // No commit and no punctuation while it runs: every sum it reads stays in the pre-aggregation's buffer,
        // which its stop commits to the buffer's changelog without forwarding it. Streams requires a transaction
        // timeout at least as long as the commit interval.
        Path longTransactions = Files.writeString(
                dir.resolve("long-transactions.properties"),
                Files.readString(longSessions()) + "producer.transaction.timeout.ms=600000\n");
        List<String> continuous = concat(
                List.of("run", "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPort)),
                clusterRun(topics, scenario, warehouse, longTransactions, "PT5M"));
        try (DaybookProcess run = DaybookProcess.start(dir, "buffering", continuous)) {
            AtomicLong processed = new AtomicLong();
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(run.isAlive())
                        .as("the run is alive; it said:\n%s", run.stderr())
                        .isTrue();
                long now = processedRecords(httpPort);
                boolean settled = now >= scenario.summary.transactions() && now == processed.get();
                processed.set(now);
                return settled;
            });
            assertThat(run.stop(RUN_TIMEOUT)).as(run.stderr()).isEqualTo(143);
        }

        restartOnceWithinTheSessionTimeout(
                clusterRun(topics, scenario, warehouse, longSessions(), "PT5S"), scenario, warehouse);
    }

    /** Records the run's stream threads have processed, by its {@code /metrics}; 0 before it serves them. */
    private static long processedRecords(int httpPort) throws Exception {
        String metrics;
        try {
            metrics = SeparatePartsTest.get(httpPort, "/metrics");
        } catch (ConnectException notServingYet) {
            return 0;
        }
        return metrics.lines()
                .filter(line -> line.startsWith("kafka_stream_thread_process_total{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Runs {@code run --once} with the killed run's options: it must end with exactly the expected table, in
     * the warehouse too, and the totals of both runs, before the killed run's members in the groups could
     * have timed out.
     *
     * @return its summary, the last line of its standard error
     */
    private String restartOnceWithinTheSessionTimeout(List<String> options, GeneratedScenario scenario, Path warehouse)
            throws Exception {
        long restarted = System.nanoTime();
        try (DaybookProcess once = DaybookProcess.start(dir, "after-kill", concat(List.of("run", "--once"), options))) {
            assertThat(once.exitCode(RUN_TIMEOUT)).as(once.stderr()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - restarted))
                    .as(
                            "the restart took the killed run's place in its groups instead of waiting out their session timeout")
                    .isLessThan(SESSION_TIMEOUT);
            String expected = scenario.expectedCsv(true);
            assertThat(once.stdout()).isEqualTo(expected);
            assertThat(DuckDbTable.read(warehouse)).isEqualTo(DuckDbTable.asStored(expected));
            DuckDbModel.assertMatches(warehouse, scenario);
            assertThat(once.lastErrLine())
                    .as("the totals of both runs")
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
            return once.lastErrLine();
        }
    }

    /** A continuous run that ingests slowly: one small transaction at a time. */
    private static List<String> continuousRun() {
        return List.of(
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
                "0");
    }

    /** The options of a run against the test's broker, with topics, groups and a state directory of its own. */
    private List<String> clusterRun(TopicCatalogue topics, GeneratedScenario scenario, Path warehouse)
            throws Exception {
        return clusterRun(topics, scenario, warehouse, longSessions(), "PT0.2S");
    }

    /** The same, with a client configuration and a commit interval of its own. */
    private List<String> clusterRun(
            TopicCatalogue topics,
            GeneratedScenario scenario,
            Path warehouse,
            Path kafkaConfig,
            String commitInterval) {
        return List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
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
                "--kafka-config",
                kafkaConfig.toString(),
                "--sink-batch-interval",
                "200ms",
                "--commit-interval",
                commitInterval);
    }

    /** Client settings under which a member that dies stays in its group for {@link #SESSION_TIMEOUT}. */
    private Path longSessions() throws Exception {
        Path file = dir.resolve("long-sessions.properties");
        if (!Files.exists(file)) {
            Files.writeString(file, "session.timeout.ms=" + SESSION_TIMEOUT.toMillis() + "\n");
        }
        return file;
    }

    /**
     * Waits until the run has committed the progress of some rows; how many transactions it has committed then.
     * Progress, not transactions: the commit markers of a Kafka transaction reach its partitions one after the
     * other, and a broker killed between them leaves the transaction open where its marker is missing (see
     * HangingTransactions), which on {@code ingest-progress} the next run aborts, losing that progress.
     */
    private static long awaitIngesting(DaybookProcess run, String bootstrapServers, TopicCatalogue topics)
            throws InterruptedException {
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(run.isAlive())
                    .as("the run is alive; it said:\n%s", run.stderr())
                    .isTrue();
            return committedRecords(bootstrapServers, topics.ingestProgress().name()) > 0;
        });
        return committedRecords(bootstrapServers, topics.transactions().name());
    }

    /** Waits until the run is a member of every one of the groups. */
    private static void awaitMembers(DaybookProcess run, List<String> groups) {
        await().atMost(RUN_TIMEOUT).until(() -> {
            assertThat(run.isAlive())
                    .as("the run is alive; it said:\n%s", run.stderr())
                    .isTrue();
            return groups.stream().noneMatch(group -> members(group).isEmpty());
        });
    }

    /** Records (and markers) committed to the topic, or 0 while the broker or the topic is not there yet. */
    private static long committedRecords(String bootstrapServers, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(quickAdmin(bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (ExecutionException e) {
            return 0;
        }
    }

    private static List<MemberDescription> members(String group) {
        return ConsumerGroups.members(kafka.settings(), group);
    }

    private static Map<String, Object> quickAdmin(String bootstrapServers) {
        return KafkaSettings.of(bootstrapServers)
                .clientProperties(Map.of(
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        2_000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        1_000));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
