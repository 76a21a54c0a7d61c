package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.ingest.AmountMetrics;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.SinkSettings;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMetrics;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.TopicCatalogue;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server of one instance running the pipeline on a real broker, its sink writing to an in-memory
 * warehouse: the API, the dashboard in headless Chromium, the metrics and readiness.
 */
@Tag("integration")
class PipelineHttpTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    static Path stateDir;

    private static TopicCatalogue topics;
    private static DaybookInstance daybook;
    private static SinkRunner sink;
    private static ExecutorService sinkThread;

    @BeforeAll
    @SuppressWarnings("FutureReturnValueIgnored") // the sink's failure shows in its status, which readiness reports
    static void startAndLoad() {
        topics = kafka.createTopics();
        DaybookMetrics metrics = new DaybookMetrics();
        sink = new SinkRunner(
                kafka.settings(), topics, "unused", new PrintWarehouse(System.out), SinkSettings.DEFAULTS, metrics);
        daybook = new DaybookInstance(
                kafka,
                topics,
                "api-test",
                stateDir,
                new SinkReadiness(sink::status, SinkReadiness.DEFAULT_STALL_TIMEOUT),
                metrics);
        sinkThread = Executors.newSingleThreadExecutor();
        sinkThread.submit(() -> {
            sink.run();
            return null;
        });
        TestData.produce(kafka, topics);
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() ->
                        assertThat(daybook.get("/api/daily-volume").body()).isEqualTo(TestData.TABLE));
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        sinkThread.shutdown();
        daybook.close();
    }

    @Test
    void theWholeTableIsSortedByDateThenProjectWithExactVolumesAndItsFreshness() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(TestData.TABLE);
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 16 Apr 2024 10:30:00 GMT");
    }

    @Test
    void oneProjectOverADateRange() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?project_id=4974&from=2024-04-15&to=2024-04-16");

        assertThat(response.body())
                .isEqualTo(TestData.json(List.of(
                        TestData.row("2024-04-15", "4974", 2, "6.08", 0),
                        TestData.row("2024-04-16", "4974", 1, "10", 0))));
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 16 Apr 2024 10:01:00 GMT");
    }

    @Test
    void openEndedRangesAndOneRow() throws Exception {
        assertThat(daybook.get("/api/daily-volume?from=2024-04-16").body())
                .isEqualTo(TestData.rows(row -> row.contains("2024-04-16")));
        assertThat(daybook.get("/api/daily-volume?to=2024-04-14").body())
                .isEqualTo(TestData.rows(row -> row.contains("2024-04-14")));
        assertThat(daybook.get("/api/daily-volume?project_id=1881&from=2024-04-16&to=2024-04-16")
                        .body())
                .isEqualTo("[" + TestData.row("2024-04-16", "1881", 2, "9", 1) + "]");
    }

    @Test
    void aQueryMatchingNothingIsAnEmptyArrayWithoutLastModified() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?project_id=no-such-project");
        HttpResponse<String> oneMissingRow =
                daybook.get("/api/daily-volume?project_id=1881&from=2024-05-01&to=2024-05-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(response.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(oneMissingRow.body()).isEqualTo("[]");
    }

    @Test
    void aMistakeIsA400SayingWhatToFix() throws Exception {
        HttpResponse<String> response = daybook.get("/api/daily-volume?from=2024-04-16&to=2024-04-14");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"from 2024-04-16 is after to 2024-04-14: from must be on or before to\"}");
    }

    @Test
    void theVolumeByCurrencyHasOneRowPerDayProjectChainAndCurrencyWithExactVolumesAndItsFreshness() throws Exception {
        HttpResponse<String> response = daybook.get("/api/currency-volume?from=2024-04-15&to=2024-04-15");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(TestData.json(List.of(
                        TestData.currencyRow("2024-04-15", "1881", TestData.USDC, "usd-coin", 1, "5", 0),
                        TestData.currencyRow("2024-04-15", "4974", TestData.USDC, "usd-coin", 1, "6", 0),
                        TestData.currencyRow("2024-04-15", "4974", TestData.SFL, "sunflower-land", 1, "0.08", 0),
                        TestData.currencyRow("2024-04-15", "7001", TestData.USDC, "usd-coin", 1, "7", 0),
                        TestData.currencyRow("2024-04-15", "9002", TestData.USDC, "usd-coin", 1, "8", 0))));
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Mon, 15 Apr 2024 11:00:00 GMT");
    }

    @Test
    void anUnknownCurrencyIsItsOwnUnpricedRowWithoutACoin() throws Exception {
        assertThat(daybook.get("/api/currency-volume?project_id=1881&from=2024-04-16&to=2024-04-16")
                        .body())
                .isEqualTo(TestData.json(List.of(
                        TestData.currencyRow("2024-04-16", "1881", TestData.UNKNOWN, null, 1, "0", 1),
                        TestData.currencyRow("2024-04-16", "1881", TestData.USDC, "usd-coin", 1, "9", 0))));
    }

    @Test
    void theVolumeByCurrencyComesInPagesLinkedByTheirLastRow() throws Exception {
        String whole = daybook.get("/api/currency-volume?from=2024-04-15").body();
        List<String> pages = new ArrayList<>();
        String next = "/api/currency-volume?from=2024-04-15&limit=2";
        while (next != null) {
            HttpResponse<String> page = daybook.get(next);
            assertThat(page.statusCode()).isEqualTo(200);
            pages.add(page.body().substring(1, page.body().length() - 1));
            Matcher link = Pattern.compile("<([^>]*)>; rel=\"next\"")
                    .matcher(page.headers().firstValue("Link").orElse(""));
            next = link.find() ? link.group(1) : null;
        }

        assertThat(pages).hasSize(5);
        assertThat(pages.get(0)).contains("\"project_id\":\"1881\"", "\"project_id\":\"4974\"");
        assertThat("[" + String.join(",", pages) + "]").isEqualTo(whole);
    }

    @Test
    void aMistakeAboutTheVolumeByCurrencyIsA400SayingWhatToFix() throws Exception {
        HttpResponse<String> cursor = daybook.get("/api/currency-volume?after=2024-04-15%2F4974");
        HttpResponse<String> unknown = daybook.get("/api/currency-volume?currency=usd-coin");

        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body())
                .isEqualTo("{\"error\":\"after must be the last row of the previous page as"
                        + " date/project_id/chain_id/currency_address, like"
                        + " 2024-04-15/4974/137/0xd1f9c58e33933a993a3891f8acfe05a68e1afc05, not '2024-04-15/4974';"
                        + " follow the Link header of the previous answer\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body())
                .isEqualTo("{\"error\":\"unknown parameter 'currency': use project_id, from, to, limit and after\"}");
    }

    @Test
    void theInstanceIsReadyWhileStreamsAndTheSinkRun() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = daybook.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        });
    }

    @Test
    void theDashboardChartsEveryDayAndRanksTheProjects() throws Exception {
        String dom = HeadlessChromium.dumpDom(daybook.url("/"), 5000);

        for (String day : List.of("2024-04-14", "2024-04-15", "2024-04-16")) {
            assertThat(dom).contains("<g class=\"day\" data-day=\"" + day + "\">");
            assertThat(dom).contains("<text x=", "class=\"day-label\">" + day + "</text>");
        }
        assertThat(dom.split("<svg id=\"volume-chart\"", -1)[1].split("</svg>", -1)[0])
                .contains("<title>2024-04-16: $42</title>");
        assertThat(dom.split("<svg id=\"transactions-chart\"", -1)[1].split("</svg>", -1)[0])
                .contains("<title>2024-04-15: 5</title>");
        assertThat(dom)
                .contains(
                        "<tr><td>9002</td><td class=\"num\" title=\"24\">$24.00</td><td class=\"num\">3</td>"
                                + "<td class=\"num\">0</td><td class=\"num\">3</td></tr>",
                        "<tr><td>4974</td><td class=\"num\" title=\"18.08\">$18.08</td><td class=\"num\">4</td>");
        assertThat(dom)
                .containsPattern("<p id=\"freshness\" class=\"pill stale\" title=\"2024-04-16T10:30:00.000Z\">"
                        + "newest transaction \\d+ days ago</p>");
        assertThat(dom).contains("<p id=\"error\" class=\"error\" hidden=\"\"></p>");

        String currencies = dom.split("<table id=\"currencies\">", -1)[1].split("</table>", -1)[0];
        assertThat(currencies)
                .contains(
                        "<tr><td>usd-coin</td><td class=\"num\" title=\"78\">$78.00</td><td class=\"num\">12</td>"
                                + "<td class=\"num\">0</td></tr>",
                        "<tr><td>sunflower-land</td><td class=\"num\" title=\"0.08\">$0.08</td>"
                                + "<td class=\"num\">1</td><td class=\"num\">0</td></tr>",
                        "<tr><td>unknown 137:0x00000000…</td><td class=\"num\" title=\"0\">$0.00</td>"
                                + "<td class=\"num\">1</td><td class=\"num\">1</td></tr>");
        assertThat(dom.split("<svg id=\"currency-chart\"", -1)[1].split("</svg>", -1)[0])
                .contains("<title>2024-04-15: $26.1</title>", "<g class=\"day\" data-day=\"2024-04-14\">");
        assertThat(dom)
                .contains(
                        "<option value=\"\" selected=\"\">All projects</option>",
                        "<option value=\"4974\">4974</option>");

        Path screenshot = Path.of("target/screenshots/dashboard.png");
        HeadlessChromium.screenshot(daybook.url("/"), 5000, screenshot);
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void theProjectFilterShowsOneProjectInEveryViewAndKeepsItInTheAddress() throws Exception {
        String dom = HeadlessChromium.dumpDom(daybook.url("/?project=4974"), 5000);

        String top = dom.split("<table id=\"top-projects\">", -1)[1].split("</table>", -1)[0];
        assertThat(top)
                .contains("<tr><td>4974</td><td class=\"num\" title=\"18.08\">$18.08</td>")
                .doesNotContain("<td>9002</td>", "<td>1881</td>");
        String currencies = dom.split("<table id=\"currencies\">", -1)[1].split("</table>", -1)[0];
        assertThat(currencies)
                .contains(
                        "<tr><td>usd-coin</td><td class=\"num\" title=\"18\">$18.00</td><td class=\"num\">3</td>",
                        "<tr><td>sunflower-land</td><td class=\"num\" title=\"0.08\">$0.08</td>")
                .doesNotContain("unknown");
        assertThat(dom.split("<svg id=\"volume-chart\"", -1)[1].split("</svg>", -1)[0])
                .contains("<title>2024-04-16: $10</title>");
        assertThat(dom)
                .contains("<option value=\"4974\" selected=\"\">4974</option>", "<option value=\"9002\">9002</option>");

        HeadlessChromium.screenshot(
                daybook.url("/?project=4974"), 5000, Path.of("target/screenshots/dashboard-project.png"));
    }

    @Test
    void metricsCountWhatHappenedAndMove() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(scrape())
                        .contains("daybook_unpriced_transactions 1.0\n", "daybook_duplicates_total 0.0\n")
                        .containsPattern("(?m)^daybook_sink_rows_total (1[2-9]|[2-9]\\d)\\.0$")
                        .containsPattern("(?m)^daybook_sink_batches_total\\{outcome=\"written\"} [1-9]\\d*\\.0$")
                        .containsPattern("(?m)^daybook_sink_merge_seconds_count [1-9]\\d*$"));
        double processedBefore = value(scrape(), "kafka_stream_thread_process_total");
        assertThat(value(scrape(), "daybook_freshness_seconds"))
                .isGreaterThanOrEqualTo(
                        Duration.between(TestData.NEWEST, Instant.now()).toSeconds() - 1.0);

        try (KafkaProducer<String, byte[]> producer = TestData.producer(kafka)) {
            TestData.transaction(
                    producer,
                    topics,
                    TestData.transaction(
                            "u-2024-04-14-1881",
                            Instant.parse("2024-04-14T10:00:00Z"),
                            "1881",
                            TestData.USDC,
                            BigInteger.valueOf(1_000_000)));
            TestData.send(
                    producer,
                    topics.transactions().name(),
                    "garbage",
                    "not json".getBytes(StandardCharsets.UTF_8),
                    Instant.parse("2024-04-16T12:00:00Z"));
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(scrape())
                                .contains(
                                        "daybook_duplicates_total 1.0\n",
                                        "daybook_dead_letters_total{reason=\"deserialization_failed\",stage=\"aggregate\"} 1.0\n"));
        assertThat(value(scrape(), "kafka_stream_thread_process_total")).isGreaterThan(processedBefore);
        // the print sink's consumer has no group, hence Kafka's default client id consumer-null-N
        assertThat(scrape())
                .contains(
                        "kafka_stream_thread_process_rate{",
                        "kafka_consumer_fetch_manager_records_lag_max{",
                        "jvm_memory_used_bytes{")
                .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*"
                        + "client_id=\"consumer-null-\\d+\"");
        assertThat(daybook.get("/api/daily-volume").body()).isEqualTo(TestData.TABLE);
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsDaybookExports() throws Exception {
        new CoinGeckoMetrics(daybook.metrics.registry());
        new ObjectTracker(daybook.metrics.registry(), "gs://bucket/prefix/");
        new AmountMetrics(daybook.metrics.registry()).track(Keys.token(TestData.POLYGON, TestData.USDC));
        daybook.metrics.sinkBatchFailed();
        daybook.metrics.deadLettered("test", "test");
        JsonNode dashboard = Json.MAPPER.readTree(
                Path.of("../ops/grafana/dashboards/daybook.json").toFile());
        Set<String> queried = new TreeSet<>();
        dashboard
                .get("panels")
                .forEach(panel -> panel.path("targets").forEach(target -> {
                    Matcher metric = Pattern.compile("\\b(daybook|kafka)_[a-z0-9_]+")
                            .matcher(target.get("expr").asText());
                    while (metric.find()) {
                        queried.add(metric.group());
                    }
                }));

        assertThat(queried).hasSizeGreaterThan(15);
        String scrape = scrape();
        // The CoinGecko client registers its call counter on the first call, tagged with the endpoint.
        assertThat(queried)
                .filteredOn(name -> !name.equals("daybook_coingecko_calls_total"))
                .allSatisfy(
                        metric -> assertThat(scrape).as("exported metrics").containsPattern("(?m)^" + metric + "[ {]"));
    }

    private static String scrape() throws Exception {
        return daybook.get("/metrics").body();
    }

    /** The sum over all series of {@code metric}. */
    private static double value(String scrape, String metric) {
        Matcher line =
                Pattern.compile("(?m)^" + metric + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (line.find()) {
            sum += Double.parseDouble(line.group(1));
            found = true;
        }
        assertThat(found).as("%s in the scrape", metric).isTrue();
        return sum;
    }
}
