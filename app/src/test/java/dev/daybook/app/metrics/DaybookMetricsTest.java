package dev.daybook.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.ingest.IngestStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaybookMetricsTest {

    private static final Instant NOW = Instant.parse("2024-04-16T12:00:00Z");

    private final DaybookMetrics metrics =
            new DaybookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ingestCountsAreReadFromTheIngestersStatistics() {
        AtomicReference<IngestStats> stats =
                new AtomicReference<>(new IngestStats(1, 0, 0, 0, 5, 3, 1, 1, 1, 900, 1, 0, 0, Map.of("bad_ts", 1L)));
        metrics.bindIngester(stats::get);
        String before = metrics.scrape();
        stats.set(new IngestStats(
                2,
                0,
                1,
                0,
                9,
                6,
                1,
                2,
                3,
                1800,
                2,
                0,
                0,
                Map.of("bad_ts", 1L, "wrong_column_count", 1L, "corrupt_gzip", 1L)));

        assertThat(before)
                .contains(
                        "daybook_ingest_rows_read_total 5.0\n",
                        "daybook_ingest_transactions_total 3.0\n",
                        "daybook_dead_letters_total{reason=\"bad_ts\",stage=\"ingest\"} 1.0\n");
        assertThat(metrics.scrape())
                .contains(
                        "daybook_ingest_rows_read_total 9.0\n",
                        "daybook_ingest_transactions_total 6.0\n",
                        "daybook_ingest_skipped_total 1.0\n",
                        "daybook_dead_letters_total{reason=\"bad_ts\",stage=\"ingest\"} 1.0\n",
                        "daybook_dead_letters_total{reason=\"wrong_column_count\",stage=\"ingest\"} 1.0\n",
                        "daybook_dead_letters_total{reason=\"corrupt_gzip\",stage=\"ingest\"} 1.0\n");
    }

    @Test
    void everyIngestReasonIsExportedAtZeroBeforeItsFirstDeadLetter() {
        String scrape = metrics.scrape();

        assertThat(IngestStats.DEAD_LETTER_REASONS)
                .contains(
                        "bad_csv",
                        "bad_ts",
                        "record_too_large",
                        "bad_header",
                        "corrupt_gzip",
                        "decompressed_too_large",
                        "object_vanished",
                        "object_unreadable");
        assertThat(IngestStats.DEAD_LETTER_REASONS)
                .allSatisfy(reason -> assertThat(scrape)
                        .contains("daybook_dead_letters_total{reason=\"" + reason + "\",stage=\"ingest\"} 0.0\n"));
    }

    @Test
    void anIngestReasonNotKnownInAdvanceIsExportedFromTheFirstScrapeThatSeesIt() {
        metrics.bindIngester(
                () -> new IngestStats(1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, Map.of("some_new_reason", 1L)));

        assertThat(metrics.scrape())
                .contains("daybook_dead_letters_total{reason=\"some_new_reason\",stage=\"ingest\"} 1.0\n");
    }

    @Test
    void theTopologysDeadLettersAreCountedByStageAndReason() {
        var counter = metrics.deadLetterCounter();
        counter.increment("daybook.transactions", "processing_failed");
        counter.increment("daybook.rates", "deserialization_failed");
        counter.increment("daybook.transactions", "processing_failed");
        metrics.deadLettered("sink", "bad_daily_volume");

        assertThat(counter.total()).isEqualTo(3);
        assertThat(metrics.scrape())
                .contains(
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

        assertThat(metrics.scrape())
                .contains(
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
