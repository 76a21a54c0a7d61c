package dev.daybook.app.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Kafka client of Daybook (producers, consumers, admin, Streams) is configured with: the
 * bootstrap servers and the client properties of the {@code --kafka-config} file (security.protocol,
 * sasl.*, ssl.*, ...), over the tuning of a run that ends by itself ({@link #tunedToFinish()}), and the
 * {@link InstanceId} with which the process joins consumer groups, if it has one. {@link #toString()} hides secret values, so the settings can be logged.
 */
public final class KafkaSettings {

    private static final Logger log = LoggerFactory.getLogger(KafkaSettings.class);

    private static final List<String> SECRET_NAME_PARTS =
            List.of("password", "secret", "jaas", "key", "token", "credential");
    private static final String HIDDEN = "[hidden]";
    private static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    private static final String GROUP_PROTOCOL = ConsumerConfig.GROUP_PROTOCOL_CONFIG;

    /**
     * The tuning of {@link #tunedToFinish()}: a consumer that has read everything committed so far waits at most 50
     * ms, not 500, before it asks again, so that a record becomes readable sooner after the commit of its transaction
     * at each of the pipeline's hops; and a member of a consumer group learns of a rebalance within half a second,
     * not three (a new Streams application rebalances a second time once it has created its internal topics).
     */
    private static final Map<String, String> FINISH_SOON =
            Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50", ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");

    private final Map<String, String> properties;
    private final Map<String, String> tuning;
    private final InstanceId instanceId;

    private KafkaSettings(Map<String, String> properties, Map<String, String> tuning, InstanceId instanceId) {
        this.properties = Map.copyOf(properties);
        this.tuning = Map.copyOf(tuning);
        this.instanceId = instanceId;
    }

    /** Settings for a cluster that needs nothing but its address (the embedded broker, tests). */
    public static KafkaSettings of(String bootstrapServers) {
        return of(bootstrapServers, Map.of());
    }

    /** The given bootstrap servers win over a {@code bootstrap.servers} among the client properties. */
    public static KafkaSettings of(String bootstrapServers, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka bootstrap servers are empty");
        }
        Map<String, String> all = new HashMap<>(clientProperties);
        all.put(BOOTSTRAP_SERVERS, bootstrapServers.strip());
        return new KafkaSettings(all, Map.of(), null);
    }

    /**
     * These settings for a process that joins consumer groups as static member {@code id}; without it, a
     * process joins as a new (dynamic) member each time.
     */
    public KafkaSettings withInstanceId(InstanceId id) {
        return new KafkaSettings(properties, tuning, Objects.requireNonNull(id, "id"));
    }

    /**
     * These settings for a run that stops by itself once its input is processed ({@code --once}, and so the
     * throughput bench), tuned to finish soon rather than to idle quietly: its consumers ask for new records ten times as often
     * while there are none, and its group members heartbeat six times as often, which a service that waits for
     * files would pay for all day. A client property of the {@code --kafka-config} file wins over this tuning.
     */
    public KafkaSettings tunedToFinish() {
        Map<String, String> finishing = new HashMap<>(FINISH_SOON);
        if (!GroupProtocol.CLASSIC.name().equalsIgnoreCase(properties.getOrDefault(GROUP_PROTOCOL, "classic"))) {
            // the consumer protocol's heartbeat is the broker's to set: a consumer refuses the property
            finishing.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        }
        return new KafkaSettings(properties, finishing, instanceId);
    }

    /** The name with which this process joins consumer groups, if it has one. */
    public Optional<InstanceId> instanceId() {
        return Optional.ofNullable(instanceId);
    }

    /** The client properties of a Java properties file, e.g. the {@code --kafka-config} file. */
    public static Map<String, String> readClientProperties(Path file) throws IOException {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        }
        Map<String, String> properties = new HashMap<>();
        loaded.stringPropertyNames()
                .forEach(name -> properties.put(name, loaded.getProperty(name).strip()));
        return properties;
    }

    /** The {@code bootstrap.servers} among client properties, if there is one. */
    public static Optional<String> bootstrapServersIn(Map<String, String> clientProperties) {
        return Optional.ofNullable(clientProperties.get(BOOTSTRAP_SERVERS)).filter(s -> !s.isBlank());
    }

    public String bootstrapServers() {
        return properties.get(BOOTSTRAP_SERVERS);
    }

    /** A new mutable map of the common properties, to which a client adds its own. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> all = new HashMap<>(tuning);
        all.putAll(properties);
        return all;
    }

    /** The common properties plus {@code overrides}, which win. */
    public Map<String, Object> clientProperties(Map<String, ?> overrides) {
        Map<String, Object> all = clientProperties();
        all.putAll(overrides);
        return all;
    }

    /**
     * The properties of a consumer that joins consumer group {@code groupId}: the common ones, the group and,
     * when this process has an {@link InstanceId}, its static membership; then {@code overrides}, which win.
     * Close such a consumer with {@link #closeLeavingGroup}.
     */
    public Map<String, Object> groupMemberProperties(String groupId, Map<String, ?> overrides) {
        Map<String, Object> all = clientProperties();
        all.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
        if (instanceId != null) {
            all.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.value());
        }
        all.putAll(overrides);
        return all;
    }

    /**
     * Closes a consumer so that it leaves its group at once, static member or not, and the group's other
     * members take over its partitions without waiting for its session to time out. A failure to leave is
     * logged, not thrown: the group then removes the member when its session times out.
     */
    public static void closeLeavingGroup(Consumer<?, ?> consumer) {
        try {
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } catch (KafkaException e) {
            log.warn(
                    "A consumer could not leave its group cleanly; it is removed when its session times out: {}",
                    e.getMessage());
        }
    }

    /**
     * Closes a consumer that belongs to no group at once. It has no offsets to commit and no group to leave, and
     * closing it the default way waits for the fetch it may have in flight, which the broker holds for up to
     * {@code fetch.max.wait.ms} (500 ms by default) when the consumer has read its partitions to their ends.
     */
    public static void closeWithoutGroup(Consumer<?, ?> consumer) {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    /** Whether the value of a client property must not be logged (passwords, keys, JAAS configs, tokens). */
    public static boolean isSecret(String propertyName) {
        String name = propertyName.toLowerCase(Locale.ROOT);
        return SECRET_NAME_PARTS.stream().anyMatch(name::contains);
    }

    /** The properties sorted by name, secret values replaced by {@code [hidden]}; the instance id as group.instance.id. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(tuning);
        shown.putAll(properties);
        if (instanceId != null) {
            shown.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.value());
        }
        return shown.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? HIDDEN : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
