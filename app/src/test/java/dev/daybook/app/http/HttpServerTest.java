package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.ingest.IngestStats;
import dev.daybook.app.metrics.DaybookMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The server before the runner hands it Kafka Streams: it listens, is live, but not ready, and says so. */
class HttpServerTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static DaybookMetrics metrics;
    private static DaybookHttpServer server;

    @BeforeAll
    static void start() {
        metrics = new DaybookMetrics();
        server = DaybookHttpServer.api(HttpSettings.loopback(), metrics);
        server.start(reason -> {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void itAdvertisesTheAddressItListensOn() {
        assertThat(server.port()).isPositive();
        assertThat(server.applicationServer()).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void itIsLiveButNotReadyUntilItServes() throws Exception {
        HttpResponse<String> live = get("/health/live");
        HttpResponse<String> ready = get("/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"live\"}");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"unready\",\"reason\":\"starting\"}");
    }

    @Test
    void theApiAsksToRetryWhileStartingAndValidatesFirst() throws Exception {
        HttpResponse<String> starting = get("/api/daily-volume");
        HttpResponse<String> invalid = get("/api/daily-volume?from=2024-04-31");

        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(starting.body()).isEqualTo("{\"error\":\"Daybook is starting; retry\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("{\"error\":\"from must be a date like 2024-04-15, not '2024-04-31'\"}");
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        metrics.bindIngester(() -> new IngestStats(1, 0, 0, 0, 7, 7, 0, 0, 0, 700, 1, 0, 0, Map.of()));

        HttpResponse<String> scrape = get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body()).contains("daybook_ingest_rows_read_total 7.0\n", "jvm_memory_used_bytes{");
    }

    @Test
    void theDashboardAndItsAssetsAreServedByTheApp() throws Exception {
        HttpResponse<String> page = get("/");
        HttpResponse<String> script = get("/dashboard.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains("<title>Daybook</title>", "src=\"/dashboard.js\"")
                .doesNotContain("http://", "https://");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body())
                .contains(
                        "fetchWholeTable('/api/daily-volume')",
                        "fetchWholeTable(ofProject('/api/currency-volume'))",
                        "fetch(url",
                        "rel=\"next\"");
    }

    @Test
    @Tag("integration")
    void theDashboardShowsWhyItHasNoDataYet() throws Exception {
        String dom = HeadlessChromium.dumpDom(url("/"), 3000);

        assertThat(dom).contains("<p id=\"error\" class=\"error\">Cannot load data: Daybook is starting; retry</p>");
        HeadlessChromium.screenshot(url("/"), 3000, Path.of("target/screenshots/dashboard-starting.png"));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}
