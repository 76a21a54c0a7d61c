package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.TimestampRange;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the ingester batches, parallelises and retries.
 *
 * @param batchRows          commit a Kafka transaction once it holds this many rows
 * @param batchInterval      commit a Kafka transaction at the latest this long after it began
 * @param workers            transactional producers; each object is written by one of them, chosen by its URI
 * @param maxObjectsInFlight objects read at the same time
 * @param instance           the share of the source's objects this process takes
 * @param readRetries        how often a transient read failure of an object is retried by {@link Ingester#runOnce()}
 *                           before the object is left for the next run; continuous ingestion retries without limit
 * @param retryBackoff       the wait before the first retry; it doubles with every further retry
 * @param retryBackoffMax    the longest wait between retries
 * @param tsRange            the event times accepted; a row outside is dead-lettered ({@code ts_out_of_range})
 * @param maxDecompressedBytes how many bytes a gzip object may decompress to before it is dead-lettered as too large
 * @param retryFailed        read the object versions that had ended {@code FAILED} before this ingester started once
 *                           more, from where they failed
 */
public record IngestSettings(
        int batchRows,
        Duration batchInterval,
        int workers,
        int maxObjectsInFlight,
        IngestInstance instance,
        int readRetries,
        Duration retryBackoff,
        Duration retryBackoffMax,
        TimestampRange tsRange,
        long maxDecompressedBytes,
        boolean retryFailed) {

    /** A Kafka transaction is open at most this long plus the commit: the producers' transaction timeout follows from it. */
    public static final Duration MAX_BATCH_INTERVAL = Duration.ofMinutes(5);

    public static final IngestSettings DEFAULTS = new IngestSettings(
            10_000,
            Duration.ofSeconds(1),
            2,
            4,
            IngestInstance.ONLY,
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            TimestampRange.DEFAULT,
            10L << 30,
            false);

    public IngestSettings {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(tsRange, "tsRange");
        require(batchRows >= 1, "ingest batch rows must be at least 1, not " + batchRows);
        require(
                !batchInterval.isNegative()
                        && !batchInterval.isZero()
                        && batchInterval.compareTo(MAX_BATCH_INTERVAL) <= 0,
                "ingest batch interval must be positive and at most " + MAX_BATCH_INTERVAL + ", not " + batchInterval);
        require(workers >= 1, "ingest workers must be at least 1, not " + workers);
        require(maxObjectsInFlight >= 1, "max objects in flight must be at least 1, not " + maxObjectsInFlight);
        require(readRetries >= 0, "ingest retries must not be negative, not " + readRetries);
        require(
                !retryBackoff.isNegative() && retryBackoffMax.compareTo(retryBackoff) >= 0,
                "ingest retry backoff must be between 0 and its maximum, not " + retryBackoff + " (maximum "
                        + retryBackoffMax + ")");
        require(maxDecompressedBytes >= 1, "max decompressed bytes must be at least 1, not " + maxDecompressedBytes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** How long the broker lets a transaction stay open before aborting it: the batch interval and a minute for the commit. */
    public Duration transactionTimeout() {
        return batchInterval.plusMinutes(1);
    }

    public IngestSettings withBatchRows(int rows) {
        return new IngestSettings(
                rows,
                batchInterval,
                workers,
                maxObjectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                tsRange,
                maxDecompressedBytes,
                retryFailed);
    }

    public IngestSettings withBatchInterval(Duration interval) {
        return new IngestSettings(
                batchRows,
                interval,
                workers,
                maxObjectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                tsRange,
                maxDecompressedBytes,
                retryFailed);
    }

    public IngestSettings withWorkers(int count, int objectsInFlight) {
        return new IngestSettings(
                batchRows,
                batchInterval,
                count,
                objectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                tsRange,
                maxDecompressedBytes,
                retryFailed);
    }

    public IngestSettings withRetries(int retries, Duration backoff, Duration backoffMax) {
        return new IngestSettings(
                batchRows,
                batchInterval,
                workers,
                maxObjectsInFlight,
                instance,
                retries,
                backoff,
                backoffMax,
                tsRange,
                maxDecompressedBytes,
                retryFailed);
    }

    public IngestSettings withTsRange(TimestampRange range) {
        return new IngestSettings(
                batchRows,
                batchInterval,
                workers,
                maxObjectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                range,
                maxDecompressedBytes,
                retryFailed);
    }

    public IngestSettings withMaxDecompressedBytes(long bytes) {
        return new IngestSettings(
                batchRows,
                batchInterval,
                workers,
                maxObjectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                tsRange,
                bytes,
                retryFailed);
    }

    public IngestSettings withRetryFailed(boolean retry) {
        return new IngestSettings(
                batchRows,
                batchInterval,
                workers,
                maxObjectsInFlight,
                instance,
                readRetries,
                retryBackoff,
                retryBackoffMax,
                tsRange,
                maxDecompressedBytes,
                retry);
    }

    /**
     * The wait before retry number {@code retry} (1-based): the exponential backoff, capped, of which a
     * random half is left out so that objects failing together do not retry together.
     */
    public Duration retryDelay(int retry, RandomGenerator random) {
        long exponential = Math.min(retryBackoffMax.toMillis(), retryBackoff.toMillis() << Math.min(retry - 1, 30));
        long half = exponential / 2;
        return Duration.ofMillis(exponential - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
