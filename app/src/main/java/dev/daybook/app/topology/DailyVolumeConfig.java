package dev.daybook.app.topology;

import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link DailyVolumeTopology#build} depends on. (Not named {@code TopologyConfig}, which
 * Kafka Streams already uses for its own per-topology settings.)
 *
 * @param topics             names of the input, output and dead-letter topics
 * @param dedupHorizon       how long after its first copy (in processing time) a copy of a transaction is
 *                           recognised as a duplicate
 * @param dedupPurgeInterval how often (in processing time) ids older than the horizon are forgotten
 */
public record DailyVolumeConfig(TopicCatalogue topics, Duration dedupHorizon, Duration dedupPurgeInterval) {

    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(7);
    public static final Duration DEFAULT_DEDUP_PURGE_INTERVAL = Duration.ofMinutes(10);

    public DailyVolumeConfig {
        Objects.requireNonNull(topics, "topics");
        requirePositive(dedupHorizon, "dedupHorizon");
        requirePositive(dedupPurgeInterval, "dedupPurgeInterval");
    }

    public static DailyVolumeConfig defaults(TopicCatalogue topics) {
        return new DailyVolumeConfig(topics, DEFAULT_DEDUP_HORIZON, DEFAULT_DEDUP_PURGE_INTERVAL);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
