package dev.daybook.app.topology;

import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Command-line options of the daily-volume Streams application; use as a picocli {@code @Mixin}. The
 * directory of the state stores and the replication factor are not among them: they are Daybook's one
 * {@code --state-dir} and {@code KafkaOptions}' one {@code --replication-factor}.
 */
public final class TopologyOptions {

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description =
                    "Kafka Streams application id; prefixes the internal topics (default: <topic-prefix>aggregate).")
    private String applicationId;

    @Option(
            names = "--processing-guarantee",
            paramLabel = "GUARANTEE",
            defaultValue = "" + StreamsSettings.DEFAULT_PROCESSING_GUARANTEE,
            description = "exactly_once_v2 or at_least_once (default ${DEFAULT-VALUE}).")
    private String processingGuarantee;

    @Option(
            names = "--commit-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "200ms",
            description = "How often results are committed (default ${DEFAULT-VALUE}).")
    private Duration commitInterval;

    @Option(
            names = "--dedup-horizon",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "7d",
            description =
                    "A copy of a transaction arriving this long after the first, in processing time, is a duplicate (default ${DEFAULT-VALUE}).")
    private Duration dedupHorizon;

    @Option(
            names = "--dedup-purge-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10m",
            description = "How often event ids older than the horizon are forgotten (default ${DEFAULT-VALUE}).")
    private Duration dedupPurgeInterval;

    /**
     * @param topics            the deployment's topics, whose prefix names the application unless {@code --application-id}
     *                          does: two deployments that differ only in their prefix are two applications
     * @param stateDir          where the local state stores live (Daybook's {@code <state-dir>/streams})
     * @param replicationFactor of the internal topics: the one {@code --replication-factor} of {@code KafkaOptions}
     */
    public StreamsSettings streamsSettings(TopicCatalogue topics, Path stateDir, int replicationFactor) {
        String id = applicationId != null && !applicationId.isBlank()
                ? applicationId
                : StreamsSettings.defaultApplicationId(topics);
        return new StreamsSettings(id, processingGuarantee, replicationFactor, commitInterval, stateDir);
    }

    public DailyVolumeConfig dailyVolumeConfig(TopicCatalogue topics) {
        return new DailyVolumeConfig(topics, dedupHorizon, dedupPurgeInterval);
    }
}
