package dev.daybook.app.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * What every Kafka client of Daybook (producers, consumers, admin, Streams) is configured with: the
 * bootstrap servers and the client properties of the {@code --kafka-config} file (security.protocol,
 * sasl.*, ssl.*, ...). {@link #toString()} hides secret values, so the settings can be logged.
 */
public final class KafkaSettings {

    private static final List<String> SECRET_NAME_PARTS = List.of("password", "secret", "jaas", "key", "token", "credential");
    private static final String HIDDEN = "[hidden]";
    private static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

    private final Map<String, String> properties;

    private KafkaSettings(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
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
        return new KafkaSettings(all);
    }

    /** The client properties of a Java properties file, e.g. the {@code --kafka-config} file. */
    public static Map<String, String> readClientProperties(Path file) throws IOException {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        }
        Map<String, String> properties = new HashMap<>();
        loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name).strip()));
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
        return new HashMap<>(properties);
    }

    /** The common properties plus {@code overrides}, which win. */
    public Map<String, Object> clientProperties(Map<String, ?> overrides) {
        Map<String, Object> all = clientProperties();
        all.putAll(overrides);
        return all;
    }

    /** Whether the value of a client property must not be logged (passwords, keys, JAAS configs, tokens). */
    public static boolean isSecret(String propertyName) {
        String name = propertyName.toLowerCase(Locale.ROOT);
        return SECRET_NAME_PARTS.stream().anyMatch(name::contains);
    }

    /** The properties sorted by name, secret values replaced by {@code [hidden]}. */
    @Override
    public String toString() {
        return new TreeMap<>(properties).entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? HIDDEN : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
