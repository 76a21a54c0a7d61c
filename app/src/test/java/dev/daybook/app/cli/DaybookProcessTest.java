package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run} as users run it, each in a JVM of its own with its embedded broker: the exact
 * output contract of {@code --once}, and a continuous run that serves the dashboard and stops cleanly. A
 * continuous run killed in the middle is in {@link RestartAfterKillTest}.
 */
@Tag("integration")
class DaybookProcessTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void runOncePrintsExactlyTheTableOnStandardOutputAndLogsItsProgressAndEndsStandardErrorWithTheSummary()
            throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_200, 400, 21);

        try (DaybookProcess daybook = DaybookProcess.start(
                dir,
                "once",
                List.of(
                        "run",
                        "--once",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--source",
                        scenario.events.toUri().toString(),
                        "--tokens",
                        scenario.tokens.toString(),
                        "--rates",
                        "file:" + scenario.allRates,
                        "--warehouse",
                        "print",
                        "--progress-interval",
                        "20ms"))) {

            assertThat(daybook.exitCode(RUN_TIMEOUT)).as(daybook.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(daybook.stdout()).isEqualTo(expected);
            assertThat(daybook.lastErrLine())
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1))
                    .matches(".*\"elapsed_ms\":\\d+,\"this_run\":"
                            + Pattern.quote(scenario.expectedCounts(scenario.fileNames(), 0)) + "}");
            assertThat(daybook.stderr())
                    .as("not a terminal: progress is logged")
                    .containsPattern(" INFO .* - Progress of run: \\d+/\\d+ objects, [\\d,]+ rows, [\\d,]+ rows/s");
        }
    }

    @Test
    void onItsEmbeddedBrokerARunGivesEveryTopicAPartitionPerCoreUpToFour() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 200, 200, 22);
        Path state = dir.resolve("state");

        succeeds("partitions", command(inputs(state, scenario), "run", "--once", "--warehouse", "print"));

        assertThat(partitions(state))
                .as("Daybook's topics and, following them, Kafka Streams' internal ones")
                .containsKeys("daybook.transactions", "daybook.aggregate-bucket-repartition")
                .allSatisfy((topic, count) -> assertThat(count)
                        .as(topic)
                        .isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /** The partitions of every topic on the embedded broker of a state directory. */
    private static Map<String, Integer> partitions(Path state) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.inStateDir(state);
                Admin admin = Admin.create(KafkaSettings.of(broker.start()).clientProperties())) {
            Set<String> names = admin.listTopics().names().get();
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .collect(Collectors.toMap(
                            TopicDescription::name, topic -> topic.partitions().size()));
        }
    }

    /**
     * State made before the embedded broker had a partition per core (every topic with 4) is reset and replayed
     * with the defaults: the reset recreates the topics it empties with the new count, {@code transactions} keeps its
     * four, and the replay gives the same warehouse.
     */
    @Test
    void aResetOnTheEmbeddedBrokerOfStateMadeWithFourPartitionsReplaysToTheSameTables() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 200, 200, 24);
        Path state = dir.resolve("state");
        Path warehouse = state.resolve("daybook.duckdb");
        List<String> inputs = inputs(state, scenario);
        succeeds("first-run", command(inputs, "run", "--once", "--partitions", "4"));
        DuckDbModel.assertMatches(warehouse, scenario);
        List<String> before = dailyVolume(warehouse);

        succeeds("reset", List.of("reset", "--state-dir", state.toString()));
        assertThat(dailyVolume(warehouse)).as("the reset clears the table").isEmpty();
        succeeds("replay", command(inputs, "run", "--once"));

        DuckDbModel.assertMatches(warehouse, scenario);
        assertThat(dailyVolume(warehouse)).isNotEmpty().isEqualTo(before);
        assertThat(partitions(state))
                .containsEntry("daybook.transactions", 4)
                .containsEntry(
                        "daybook.daily-volume", Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** The options of a run on the scenario's files with its reference data, in {@code state}. */
    private static List<String> inputs(Path state, GeneratedScenario scenario) {
        List<String> inputs = new ArrayList<>(List.of("--state-dir", state.toString()));
        inputs.addAll(scenario.inputOptions());
        return inputs;
    }

    /** {@code command} with its own options, then {@code inputs}. */
    private static List<String> command(List<String> inputs, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(inputs);
        return args;
    }

    private void succeeds(String name, List<String> args) throws Exception {
        try (DaybookProcess daybook = DaybookProcess.start(dir, name, args)) {
            assertThat(daybook.exitCode(RUN_TIMEOUT)).as(daybook.stderr()).isZero();
        }
    }

    /** daily_volume's rows without their version and time of update, which a replay changes. */
    private static List<String> dailyVolume(Path warehouse) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT date, project_id, num_transactions,"
                        + " total_volume_usd, unpriced_transactions FROM daily_volume ORDER BY date, project_id")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getLong(3) + " "
                        + result.getString(4) + " " + result.getLong(5));
            }
        }
        return rows;
    }

    @Test
    void aContinuousRunServesTheDashboardWhoseAddressItPrintsAndStopsCleanlyOnSigterm() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 100, 100, 23);
        try (DaybookProcess continuous = DaybookProcess.start(
                dir,
                "dashboard",
                List.of(
                        "run",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--source",
                        scenario.events.toUri().toString(),
                        "--tokens",
                        scenario.tokens.toString(),
                        "--rates",
                        "file:" + scenario.allRates,
                        "--http-host",
                        "127.0.0.1",
                        "--http-port",
                        "0"))) {
            Pattern dashboard = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            AtomicReference<String> url = new AtomicReference<>();
            await().atMost(RUN_TIMEOUT).until(() -> {
                assertThat(continuous.isAlive()).as("the run is alive").isTrue();
                Matcher matcher = dashboard.matcher(continuous.stderr());
                return matcher.find() && url.compareAndSet(null, matcher.group(1));
            });

            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url.get())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Daybook");
            await().atMost(RUN_TIMEOUT)
                    .untilAsserted(() -> assertThat(HTTP.send(
                                            HttpRequest.newBuilder(URI.create(url.get() + "health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200));

            assertThat(continuous.stop(RUN_TIMEOUT))
                    .as("stopped by SIGTERM after a clean shutdown")
                    .isEqualTo(143);
            assertThat(continuous.stderr()).doesNotContain(" ERROR ").contains("Embedded Kafka broker stopped");
        }
    }

    @Test
    void theDemoStaysLiveTodaysPricedVolumeGrowsInTheApiAndLandsInTheWarehouse() throws Exception {
        Path state = dir.resolve("state");
        try (DaybookProcess demo = DaybookProcess.start(
                dir,
                "live-demo",
                List.of(
                        "run",
                        "--state-dir",
                        state.toString(),
                        "--http-host",
                        "127.0.0.1",
                        "--http-port",
                        "0",
                        "--demo-live-interval",
                        "1s",
                        "--print-table=false"))) {
            Pattern dashboard = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            AtomicReference<String> url = new AtomicReference<>();
            await().atMost(RUN_TIMEOUT).until(() -> {
                assertThat(demo.isAlive()).as("the run is alive").isTrue();
                Matcher matcher = dashboard.matcher(demo.stderr());
                return matcher.find() && url.compareAndSet(null, matcher.group(1));
            });

            AtomicReference<Today> first = new AtomicReference<>();
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                first.set(today(url.get()));
                return first.get().transactions() > 0;
            });
            assertThat(first.get().unpriced())
                    .as("today's demo rates price the new transactions")
                    .isZero();
            assertThat(first.get().usd()).isPositive();
            AtomicReference<Today> later = new AtomicReference<>();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        later.set(today(url.get()));
                        return later.get().transactions() > first.get().transactions();
                    });
            assertThat(later.get().usd()).isGreaterThan(first.get().usd());

            assertThat(demo.stop(RUN_TIMEOUT)).as(demo.stderr()).isEqualTo(143);
            // Daybook's own errors only: under load the embedded broker may log retried out-of-order sequences
            assertThat(demo.stderr()).doesNotContainPattern(" ERROR +\\[[^\\]]*\\] d(ev)?\\.daybook\\.");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + state.resolve("daybook.duckdb"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT sum(num_transactions), sum(unpriced_transactions)"
                        + " FROM daily_volume WHERE date = DATE '" + LocalDate.now(ZoneOffset.UTC) + "'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1))
                    .as("today's transactions reached the warehouse")
                    .isPositive();
            assertThat(rows.getLong(2)).isZero();
        }
    }

    /** Today's (UTC) rows of the API, summed over the projects. */
    private record Today(long transactions, BigDecimal usd, long unpriced) {}

    private static Today today(String baseUrl) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "api/daily-volume?from=" + today + "&to=" + today))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return new Today(0, BigDecimal.ZERO, 0);
        }
        long transactions = 0;
        long unpriced = 0;
        BigDecimal usd = BigDecimal.ZERO;
        for (JsonNode row : Json.MAPPER.readTree(answer.body())) {
            transactions += row.get("num_transactions").asLong();
            unpriced += row.get("unpriced_transactions").asLong();
            usd = usd.add(new BigDecimal(row.get("total_volume_usd").asText()));
        }
        return new Today(transactions, usd, unpriced);
    }
}
