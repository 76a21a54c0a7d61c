package dev.daybook.app.sink;

import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the sink batches, retries and names its consumer group; use as a picocli {@code @Mixin}. */
public final class SinkOptions {

    private static final String BIGQUERY_WRITE_INTERVAL_TEXT = "30s";

    /** BigQuery's default write interval: every write costs at least tens of MB billed, however few its rows. */
    public static final Duration BIGQUERY_WRITE_INTERVAL =
            new DurationConverter().convert(BIGQUERY_WRITE_INTERVAL_TEXT);

    @Option(
            names = "--sink-batch-rows",
            paramLabel = "N",
            defaultValue = "" + SinkSettings.DEFAULT_BATCH_ROWS,
            description = "Write to the warehouse once this many rows wait (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(
            names = "--sink-batch-interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Write waiting rows at least this often (default: ${DEFAULT-VALUE}).")
    Duration batchInterval;

    @Option(
            names = "--sink-write-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Shortest time between two writes: rows arriving meanwhile are coalesced into one batch;"
                    + " 0s writes as soon as rows wait (default: " + BIGQUERY_WRITE_INTERVAL_TEXT + " for BigQuery,"
                    + " where every write is a billed query job; 0s for DuckDB and print).")
    Duration writeInterval;

    @Option(
            names = "--sink-retries",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "Retries of a transient warehouse failure before the sink stops (" + "default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--sink-retry-backoff",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Wait before the first retry, doubled for each next one (" + "default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(
            names = "--sink-retry-backoff-max",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait between retries (default: ${DEFAULT-VALUE}).")
    Duration retryBackoffMax;

    @Option(
            names = "--sink-group-id",
            paramLabel = "GROUP",
            description = "Consumer group of the sink (default: <topic-prefix>sink.<warehouse>).")
    String groupId;

    @Option(
            names = "--sink-stall-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "2m",
            description =
                    "Readiness fails when records wait for the sink and none was written for this long, e.g. 90s or 5m (default ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    /**
     * The settings for a sink writing every table {@code warehouse} keeps ({@link SinkSettings#withRawLayer}): its
     * write interval unless one is set.
     */
    public SinkSettings settings(WarehouseUri warehouse) {
        Duration write = writeInterval != null
                ? writeInterval
                : warehouse instanceof WarehouseUri.BigQuery ? BIGQUERY_WRITE_INTERVAL : Duration.ZERO;
        return new SinkSettings(batchRows, batchInterval, retries, retryBackoff, retryBackoffMax, write, true);
    }

    /** How long the sink may write nothing while records wait before {@code /health/ready} fails (see {@code SinkReadiness}). */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /**
     * {@code --sink-group-id}, or one group per warehouse, e.g. {@code daybook.sink.duckdb:/data/daybook.duckdb}:
     * a sink pointed at another warehouse starts from the beginning of the topic instead of where the
     * previous warehouse's sink stopped.
     */
    public String groupId(TopicCatalogue topics, WarehouseUri warehouse) {
        return groupId != null && !groupId.isBlank() ? groupId : topics.prefix() + "sink." + warehouse;
    }
}
