package dev.daybook.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMetrics;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provisioned Grafana dashboard only queries meters that Daybook exports. */
class GrafanaDashboardTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DAYBOOK_METRIC = Pattern.compile("\\bdaybook_[a-z0-9_]+");
    /** Registered on first use only: the CoinGecko client tags each call with its endpoint. */
    private static final Set<String> REGISTERED_ON_FIRST_USE = Set.of("daybook_coingecko_calls_total");

    @Test
    void everyDaybookMetricItQueriesIsExported() throws IOException {
        JsonNode dashboard = Json.MAPPER.readTree(ROOT.resolve("ops/grafana/dashboards/daybook.json").toFile());
        Set<String> queried = new TreeSet<>();
        dashboard.get("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            Matcher metric = DAYBOOK_METRIC.matcher(target.get("expr").asText());
            while (metric.find()) {
                queried.add(metric.group());
            }
        }));

        assertThat(queried).contains("daybook_freshness_seconds", "daybook_sink_merge_seconds_bucket");
        String scrape = everyDaybookMeter();
        assertThat(queried).allSatisfy(metric -> {
            if (!REGISTERED_ON_FIRST_USE.contains(metric)) {
                assertThat(scrape).as("exported meters").containsPattern("(?m)^" + metric + "[ {]");
            }
        });
    }

    @Test
    void itIsTheDashboardGrafanaIsProvisionedWith() throws IOException {
        JsonNode dashboard = Json.MAPPER.readTree(ROOT.resolve("ops/grafana/dashboards/daybook.json").toFile());

        assertThat(dashboard.get("uid").asText()).isEqualTo("daybook");
        assertThat(dashboard.get("panels")).allSatisfy(panel ->
                assertThat(panel.path("targets")).allSatisfy(target ->
                        assertThat(target.at("/datasource/uid").asText()).isEqualTo("prometheus")));
    }

    private static String everyDaybookMeter() {
        DaybookMetrics metrics = new DaybookMetrics();
        metrics.rowsRead(1);
        metrics.transactionsProduced(1);
        metrics.deadLettered("aggregate", "processing_failed");
        metrics.sinkBatchWritten(1, Duration.ofMillis(5), Instant.now());
        metrics.sinkBatchFailed();
        new CoinGeckoMetrics(metrics.registry());
        new ObjectTracker(metrics.registry(), "gs://bucket/prefix/");
        return metrics.scrape();
    }
}
