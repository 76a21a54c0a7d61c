package dev.daybook.app.topology;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings of the daily-volume application, and the {@link Properties} built from them.
 *
 * @param applicationId       Streams application id: consumer group, and prefix of every internal topic
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param replicationFactor   replication factor of the internal topics; -1 takes the broker's default
 * @param commitInterval      how often results are committed, hence how soon they are visible to
 *                            read-committed consumers under exactly-once
 * @param stateDir            where the local state stores live
 */
public record StreamsSettings(
        String applicationId,
        String processingGuarantee,
        int replicationFactor,
        Duration commitInterval,
        Path stateDir) {

    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;
    public static final int DEFAULT_REPLICATION_FACTOR = -1;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);

    private static final Set<String> GUARANTEES = Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);

    public StreamsSettings {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId is required");
        }
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new IllegalArgumentException(
                    "processingGuarantee must be one of " + GUARANTEES + ": " + processingGuarantee);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replicationFactor must be positive or -1: " + replicationFactor);
        }
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative: " + commitInterval);
        }
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /** The defaults, for the default topic prefix, with the state under {@code java.io.tmpdir}/daybook-streams. */
    public static StreamsSettings defaults() {
        return new StreamsSettings(
                defaultApplicationId(TopicCatalogue.withDefaultPrefix()),
                DEFAULT_PROCESSING_GUARANTEE,
                DEFAULT_REPLICATION_FACTOR,
                DEFAULT_COMMIT_INTERVAL,
                defaultStateDir());
    }

    /** {@code <topic prefix>aggregate}, named like the other parts' consumer groups. */
    public static String defaultApplicationId(TopicCatalogue topics) {
        return topics.prefix() + "aggregate";
    }

    private static Path defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "daybook-streams");
    }

    public StreamsSettings withApplicationId(String id) {
        return new StreamsSettings(id, processingGuarantee, replicationFactor, commitInterval, stateDir);
    }

    public StreamsSettings withProcessingGuarantee(String guarantee) {
        return new StreamsSettings(applicationId, guarantee, replicationFactor, commitInterval, stateDir);
    }

    public StreamsSettings withStateDir(Path dir) {
        return new StreamsSettings(applicationId, processingGuarantee, replicationFactor, commitInterval, dir);
    }

    public StreamsSettings withCommitInterval(Duration interval) {
        return new StreamsSettings(applicationId, processingGuarantee, replicationFactor, interval, stateDir);
    }

    /**
     * {@link #properties(String, TopicCatalogue, DeadLetterCounter)} for the cluster of {@code kafka}, with its client
     * properties (security, SASL, SSL, ...) for every client Streams creates and, when the process has an
     * instance id, static membership: Streams names each stream thread's consumer {@code <instance id>-<thread>}.
     * The client properties override the {@link #tuning()}, not the application's own settings.
     */
    public Properties properties(KafkaSettings kafka, TopicCatalogue topics, DeadLetterCounter deadLetters) {
        Properties properties = new Properties();
        properties.putAll(tuning());
        properties.putAll(kafka.clientProperties());
        properties.putAll(own(kafka.bootstrapServers(), topics, deadLetters));
        kafka.instanceId()
                .ifPresent(id -> properties.put(
                        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id.value()));
        return properties;
    }

    /**
     * Properties for {@code new KafkaStreams(DailyVolumeTopology.build(..), properties)}: unreadable and
     * rejected records go to {@code topics.deadLetter().name()} and are counted in {@code deadLetters}.
     */
    public Properties properties(String bootstrapServers, TopicCatalogue topics, DeadLetterCounter deadLetters) {
        Properties properties = new Properties();
        properties.putAll(tuning());
        properties.putAll(own(bootstrapServers, topics, deadLetters));
        return properties;
    }

    /** The settings of this application, which no client property overrides. */
    private Properties own(String bootstrapServers, TopicCatalogue topics, DeadLetterCounter deadLetters) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                topics.deadLetter().name());
        properties.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeserializationExceptionHandler.class);
        properties.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, CountingProcessingExceptionHandler.class);
        properties.put(DeadLetterCounter.CONFIG, Objects.requireNonNull(deadLetters));
        return properties;
    }

    /**
     * A number the application's configuration ({@code ProcessorContext#appConfigs()}: what Daybook and the user set,
     * not Kafka Streams' defaults) gives {@code name}, as Kafka reads it.
     */
    static Optional<Long> configuredLong(Map<String, Object> configs, String name) {
        Object value = configs.get(name);
        return value == null
                ? Optional.empty()
                : Optional.of((Long) ConfigDef.parseType(name, value, ConfigDef.Type.LONG));
    }

    /**
     * Throughput settings, which a {@code --kafka-config} file may override (see docs/benchmarks.md):
     * <ul>
     *   <li>a stream thread per core, up to the four tasks the default partitions give each sub-topology;</li>
     *   <li>no waiting for empty input partitions ({@code max.task.idle.ms=-1}): the result does not depend on the
     *       order in which transactions and reference data meet, since the foreign-key joins re-price on every
     *       change, and the wait costs a formatted log message per empty partition per check in Kafka 4.3;</li>
     *   <li>lz4 for everything Streams writes (changelogs, repartitions, daily-volume): their JSON compresses well
     *       for little CPU (docs/benchmarks.md has the figures);</li>
     *   <li>larger producer batches than the 16 KiB default;</li>
     *   <li>a 10 ms {@code retry.backoff.ms}: since 4.3.0 Streams sleeps it once per internal topic it creates, even
     *       when every topic was created at once (KAFKA-21033), so a new application's first rebalance waited the
     *       default 100 ms per internal topic. The clients inherit it as the first step of their exponential
     *       backoff, which still grows to {@code retry.backoff.max.ms}.</li>
     * </ul>
     */
    static Map<String, Object> tuning() {
        return Map.of(
                StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
                StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                "lz4",
                StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                128 * 1024,
                StreamsConfig.RETRY_BACKOFF_MS_CONFIG,
                10L);
    }
}
