package dev.daybook.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DaybookMetricsTest {

    private static final Instant NOW = Instant.parse("2024-04-16T12:00:00Z");

    private final DaybookMetrics metrics = new DaybookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ingestCountsAreExposedUnderDaybookNames() {
        metrics.rowsRead(3);
        metrics.rowsRead(2);
        metrics.transactionsProduced(4);

        assertThat(metrics.scrape()).contains("daybook_ingest_rows_read_total 5.0\n",
                "daybook_ingest_transactions_total 4.0\n");
    }

    @Test
    void theTopologysDeadLettersAreCountedByStageAndReason() {
        var counter = metrics.deadLetterCounter();
        counter.increment("daybook.transactions", "processing_failed");
        counter.increment("daybook.rates", "deserialization_failed");
        counter.increment("daybook.transactions", "processing_failed");
        metrics.deadLettered("sink", "bad_daily_volume");

        assertThat(counter.total()).isEqualTo(3);
        assertThat(metrics.scrape()).contains(
                "daybook_dead_letters_total{reason=\"processing_failed\",stage=\"aggregate\"} 2.0\n",
                "daybook_dead_letters_total{reason=\"deserialization_failed\",stage=\"aggregate\"} 1.0\n",
                "daybook_dead_letters_total{reason=\"bad_daily_volume\",stage=\"sink\"} 1.0\n");
    }

    @Test
    void sinkBatchesRecordRowsLatencyAndTheFreshnessOfTheNewestRecordWritten() {
        assertThat(metrics.scrape()).contains("daybook_freshness_seconds NaN\n");

        metrics.sinkBatchWritten(5, Duration.ofMillis(250), NOW.minusSeconds(90));
        metrics.sinkBatchWritten(2, Duration.ofMillis(750), NOW.minusSeconds(30));
        metrics.sinkBatchWritten(1, Duration.ofMillis(100), NOW.minusSeconds(600)); // an older row rewritten
        metrics.sinkBatchFailed();

        assertThat(metrics.scrape()).contains(
                "daybook_sink_batches_total{outcome=\"written\"} 3.0\n",
                "daybook_sink_batches_total{outcome=\"failed\"} 1.0\n",
                "daybook_sink_rows_total 8.0\n",
                "daybook_sink_merge_seconds_count 3\n",
                "daybook_sink_merge_seconds_sum 1.1\n",
                "daybook_freshness_seconds 30.0\n");
    }

    @Test
    void otherComponentsShareTheRegistry() {
        metrics.registry().counter("daybook.coingecko.throttled").increment();

        assertThat(metrics.scrape()).contains("daybook_coingecko_throttled_total 1.0\n");
    }
}
