package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.testing.ExternalProcess;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.Topics;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run} as users run it, each in a JVM of its own with its embedded broker: the exact
 * output contract of {@code --once}, and a continuous run killed in the middle that a {@code --once} run
 * on the same state directory and warehouse completes to the same table.
 */
class DaybookProcessTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void runOncePrintsExactlyTheTableOnStandardOutputAndEndsStandardErrorWithTheSummary() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_200, 400, 21);

        try (DaybookProcess daybook = DaybookProcess.start(dir, "once", List.of("run", "--once",
                "--state-dir", dir.resolve("state").toString(), "--source", scenario.events.toUri().toString(),
                "--tokens", scenario.tokens.toString(), "--rates", "file:" + scenario.allRates, "--warehouse", "print"))) {

            assertThat(daybook.exitCode(RUN_TIMEOUT)).as(daybook.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(daybook.stdout()).isEqualTo(expected);
            assertThat(daybook.lastErrLine()).startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1))
                    .matches(".*\"elapsed_ms\":\\d+,\"this_run\":" + Pattern.quote(scenario.expectedCounts(scenario.fileNames(), 0))
                            + "}");
        }
    }

    @Test
    void aRunKilledInTheMiddleIsCompletedByTheNextRunToTheSameTable() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 250, 22);
        Path warehouse = dir.resolve("daybook.duckdb");
        int port = ExternalProcess.freePort();
        List<String> common = List.of("--state-dir", dir.resolve("state").toString(),
                "--source", scenario.events.toUri().toString(), "--tokens", scenario.tokens.toString(),
                "--rates", "file:" + scenario.allRates, "--warehouse", "duckdb:" + warehouse, "--embedded-kafka-port",
                String.valueOf(port), "--commit-interval", "PT0.2S", "--sink-batch-interval", "200ms");
        long committedAtKill;
        try (DaybookProcess continuous = DaybookProcess.start(dir, "continuous", concat(List.of("run",
                "--ingest-batch-rows", "100", "--max-objects-in-flight", "1", "--ingest-workers", "1",
                "--http-host", "127.0.0.1", "--http-port", "0"), common))) {
            AtomicLong committed = new AtomicLong();
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(continuous.isAlive()).as("the continuous run is alive").isTrue();
                committed.set(committedTransactions(port));
                return committed.get() > 0;
            });
            continuous.kill();
            committedAtKill = committed.get();
        }
        assertThat(committedAtKill).as("killed while ingesting").isLessThan(scenario.summary.transactions());

        try (DaybookProcess once = DaybookProcess.start(dir, "after-kill", concat(List.of("run", "--once"), common))) {
            assertThat(once.exitCode(RUN_TIMEOUT)).as(once.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(once.stdout()).isEqualTo(expected);
            assertThat(duckDbTable(warehouse)).isEqualTo(expected.lines().skip(1).map(DaybookProcessTest::withDouble).toList());
            assertThat(once.lastErrLine()).as("the totals of both runs").startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
            JsonNode thisRun = Json.MAPPER.readTree(once.lastErrLine()).get("this_run");
            assertThat(thisRun.get("rows_read").asLong()).as("what the killed run committed is not this run's")
                    .isLessThan(scenario.summary.rows());
        }
    }

    @Test
    void aContinuousRunServesTheDashboardWhoseAddressItPrintsAndStopsCleanlyOnSigterm() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 100, 100, 23);
        try (DaybookProcess continuous = DaybookProcess.start(dir, "dashboard", List.of("run",
                "--state-dir", dir.resolve("state").toString(), "--source", scenario.events.toUri().toString(),
                "--tokens", scenario.tokens.toString(), "--rates", "file:" + scenario.allRates,
                "--http-host", "127.0.0.1", "--http-port", "0"))) {
            Pattern dashboard = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            AtomicReference<String> url = new AtomicReference<>();
            await().atMost(RUN_TIMEOUT).until(() -> {
                assertThat(continuous.isAlive()).as("the run is alive").isTrue();
                Matcher matcher = dashboard.matcher(continuous.stderr());
                return matcher.find() && url.compareAndSet(null, matcher.group(1));
            });

            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url.get())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Daybook");
            await().atMost(RUN_TIMEOUT).untilAsserted(() -> assertThat(HTTP.send(
                    HttpRequest.newBuilder(URI.create(url.get() + "health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));

            assertThat(continuous.stop(RUN_TIMEOUT)).as("stopped by SIGTERM after a clean shutdown").isEqualTo(143);
            assertThat(continuous.stderr()).doesNotContain(" ERROR ").contains("Embedded Kafka broker stopped");
        }
    }

    /** Transactions committed to the topic of the Daybook whose embedded broker listens on {@code port}. */
    private static long committedTransactions(int port) throws InterruptedException {
        String topic = Topics.withDefaultPrefix().transactions();
        Map<String, Object> properties = KafkaSettings.of("127.0.0.1:" + port).clientProperties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000));
        try (Admin admin = Admin.create(properties)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException e) {
            return 0;   // the broker or the topic is not there yet
        }
    }

    /** The warehouse's rows as CSV lines, the volume as the double the DuckDB column holds. */
    private static List<String> duckDbTable(Path file) throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();
            return warehouse.read().stream().map(row -> row.date() + "," + row.projectId() + "," + row.numTransactions() + ","
                    + row.totalVolumeUsd().doubleValue() + "," + row.unpricedTransactions()).toList();
        }
    }

    private static String withDouble(String csvLine) {
        String[] fields = csvLine.split(",");
        return fields[0] + "," + fields[1] + "," + fields[2] + "," + new BigDecimal(fields[3]).doubleValue() + "," + fields[4];
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
