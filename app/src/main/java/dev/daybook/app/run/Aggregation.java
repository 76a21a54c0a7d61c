package dev.daybook.app.run;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.topology.CurrencyVolumeStore;
import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.DailyVolumeTopology;
import dev.daybook.app.topology.DeadLetterCounter;
import dev.daybook.app.topology.InternalTopics;
import dev.daybook.app.topology.StreamsSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily-volume Kafka Streams application, running. A fatal error stops it (state ERROR) and is
 * reported once to the failure listener, so that the process can stop instead of running without it.
 */
public final class Aggregation implements Service {

    private static final Logger log = LoggerFactory.getLogger(Aggregation.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final Optional<InstanceId> instanceId;
    private final Topology topology;
    private final DeadLetterCounter deadLetters;
    private final String deadLetterTopic;
    private final Duration producerLinger;
    private final KafkaStreams streams;
    private final DailyTotalsStore store;
    private final DaybookMetrics.Binding streamsMetrics;
    private volatile String failure;

    /**
     * @param metrics           where Streams' metrics, the dead letters, duplicates and unpriced transactions are counted
     * @param applicationServer {@code host:port} of this instance's HTTP server for interactive queries, or null
     */
    public Aggregation(
            KafkaSettings kafka,
            DailyVolumeConfig config,
            StreamsSettings settings,
            DaybookMetrics metrics,
            String applicationServer) {
        this.settings = settings;
        this.instanceId = kafka.instanceId();
        this.topology = DailyVolumeTopology.build(config);
        this.deadLetters = metrics.deadLetterCounter();
        Properties properties = settings.properties(kafka, config.topics(), deadLetters);
        if (applicationServer != null) {
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        StreamsConfig streamsConfig = new StreamsConfig(properties);
        this.deadLetterTopic = streamsConfig.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        this.producerLinger = Duration.ofMillis(Long.parseLong(
                String.valueOf(streamsConfig.getProducerConfigs("linger").get(ProducerConfig.LINGER_MS_CONFIG))));
        this.streams = new KafkaStreams(topology, properties);
        this.store = new DailyTotalsStore(streams, settings.applicationId());
        this.streamsMetrics = metrics.bindStreams(streams, store);
    }

    /** Starts processing; {@code failures} is told why, once, if the application stops by itself. */
    @Override
    public void start(FailureListener failures) {
        streams.setUncaughtExceptionHandler(exception -> {
            failure = "the aggregation stopped: "
                    + instanceId
                            .flatMap(id -> id.fencedOut(settings.applicationId(), exception))
                            .orElse(exception.getMessage());
            log.error("Kafka Streams failed", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failures.failed(failure != null ? failure : "the aggregation stopped (Kafka Streams state ERROR)");
            }
        });
        streams.start();
        log.info(
                "Aggregation {} started{}, state in {}",
                settings.applicationId(),
                instanceId.map(id -> " as instance " + id).orElse(""),
                settings.stateDir());
    }

    public String applicationId() {
        return settings.applicationId();
    }

    public Duration commitInterval() {
        return settings.commitInterval();
    }

    /** Whether the pre-aggregation of this instance holds no sums still to forward. */
    public boolean nothingBuffered() {
        return DailyVolumeTopology.nothingBuffered(streams);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The daily totals this instance holds, for the HTTP API. */
    public DailyTotalsStore store() {
        return store;
    }

    /** The priced buckets this instance holds, for the HTTP API. */
    public CurrencyVolumeStore currencyStore() {
        return new CurrencyVolumeStore(streams, settings.applicationId());
    }

    /** Records the topology sent to the dead-letter topic since start. */
    public long deadLettered() {
        return deadLetters.total();
    }

    /** Transactions the topology dropped as duplicates since start (read from the Streams metrics while running). */
    public long duplicatesDropped() {
        return DailyVolumeTopology.duplicatesDropped(streams.metrics());
    }

    /**
     * Every topic the application consumes, by its full name: the source topics and its internal repartition
     * and subscription topics (a topic it both writes and reads; Streams prefixes those with the application id).
     */
    public Set<String> inputTopics() {
        return InternalTopics.inputs(topology, settings.applicationId());
    }

    /** The topics the application writes and does not read back: its results, and the dead-letter topic. */
    public Set<String> outputTopics() {
        Set<String> topics = new TreeSet<>(InternalTopics.outputs(topology));
        topics.add(deadLetterTopic);
        return topics;
    }

    /** How long Streams' producers may hold a record before they send it, unless a commit sends it first. */
    public Duration producerLinger() {
        return producerLinger;
    }

    /**
     * Stops processing, committing what was processed, and leaves the consumer group at once (a static
     * member, and by default any stream thread, otherwise stays until its session times out), so that the
     * partitions move to the other instances without waiting, and a {@code daybook reset} right after
     * stopping finds the group empty.
     */
    @Override
    public void close() {
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT))) {
            log.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        }
        streamsMetrics.close();
    }
}
