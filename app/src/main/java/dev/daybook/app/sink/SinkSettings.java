package dev.daybook.app.sink;

import dev.daybook.connectors.retry.RetryPolicy;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the sink batches and retries, and whether it writes the raw layer.
 *
 * @param batchRows         write when this many distinct rows are waiting
 * @param batchInterval     write at least this often while rows are waiting
 * @param retries           how often a transient warehouse failure is retried before the sink gives up
 * @param retryBackoff      the wait before the first retry; it doubles with every further retry
 * @param retryBackoffMax   the longest wait between retries
 * @param writeInterval     the shortest time between two writes: rows arriving meanwhile are coalesced into
 *                          one batch (zero: write as soon as rows wait and the topic is idle); a full batch
 *                          and a catch-up run ({@code --once}) do not wait for it
 * @param rawLayer          whether the sink writes the raw layer ({@code transactions}) of a warehouse that keeps it
 */
public record SinkSettings(
        int batchRows,
        Duration batchInterval,
        int retries,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Duration writeInterval,
        boolean rawLayer) {

    /** Rows per write by default: DuckDB's merge costs about the same per batch whatever its size. */
    public static final int DEFAULT_BATCH_ROWS = 20_000;

    public static final SinkSettings DEFAULTS = new SinkSettings(
            DEFAULT_BATCH_ROWS, Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** Settings that write as soon as rows wait (no write interval), the raw layer included. */
    public SinkSettings(
            int batchRows, Duration batchInterval, int retries, Duration retryBackoff, Duration retryBackoffMax) {
        this(batchRows, batchInterval, retries, retryBackoff, retryBackoffMax, Duration.ZERO, true);
    }

    public SinkSettings {
        if (batchRows < 1) {
            throw new IllegalArgumentException("sink batch rows must be at least 1, not " + batchRows);
        }
        if (batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("sink batch interval must be positive, not " + batchInterval);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("sink retries must not be negative, not " + retries);
        }
        if (retryBackoff.isNegative() || retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("sink retry backoff must be between 0 and its maximum, not "
                    + retryBackoff + " (maximum " + retryBackoffMax + ")");
        }
        if (writeInterval.isNegative()) {
            throw new IllegalArgumentException("sink write interval must not be negative, not " + writeInterval);
        }
    }

    /** These settings, writing the raw layer or not ({@link RawLayerOption}). */
    public SinkSettings withRawLayer(boolean write) {
        return new SinkSettings(batchRows, batchInterval, retries, retryBackoff, retryBackoffMax, writeInterval, write);
    }

    /** The tables the sink feeds, of those the warehouse {@code keeps}. */
    public Set<WarehouseTable> fed(Set<WarehouseTable> keeps) {
        Set<WarehouseTable> fed = EnumSet.noneOf(WarehouseTable.class);
        fed.addAll(keeps);
        if (!rawLayer) {
            fed.remove(WarehouseTable.TRANSACTIONS);
        }
        return fed;
    }

    /**
     * The one retry policy of warehouse calls: {@code retries + 1} attempts, the backoff doubling from
     * {@code retryBackoff} up to {@code retryBackoffMax}, with jitter ({@link dev.daybook.connectors.retry.Backoff}).
     */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(retries + 1, retryBackoff, retryBackoffMax);
    }
}
