package dev.daybook.app.kafka;

import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Where Daybook's Kafka is and how its topics are named and created; use as a picocli {@code @Mixin}. */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use. Without it (and without bootstrap.servers"
                    + " in --kafka-config) Daybook runs an embedded broker with its data in <state-dir>/kafka.")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every Kafka client" + ".")
    Path kafkaConfig;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "" + TopicCatalogue.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions of each topic Daybook creates (default: " + TopicSetup.DEFAULT_PARTITIONS
                    + "; on the embedded broker one per core, up to " + TopicSetup.DEFAULT_PARTITIONS + ").")
    Integer partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "" + TopicSetup.BROKER_DEFAULT_REPLICATION,
            description = "Replication factor of every topic Daybook creates, Kafka Streams' internal topics included;"
                    + " -1 takes the broker's default.replication.factor (default: ${DEFAULT-VALUE}).")
    int replicationFactor;

    @Option(
            names = "--embedded-kafka-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description =
                    "Port of the embedded broker on 127.0.0.1; 0 picks a free one" + " (default: ${DEFAULT-VALUE}).")
    int embeddedKafkaPort;

    /**
     * The client settings: {@code --bootstrap-servers}, else {@code bootstrap.servers} of the
     * {@code --kafka-config} file, else what {@code startEmbedded} returns, which is called only then.
     */
    public KafkaSettings settings(Supplier<String> startEmbedded) throws IOException {
        Map<String, String> clientProperties =
                kafkaConfig == null ? Map.of() : KafkaSettings.readClientProperties(kafkaConfig);
        String servers = bootstrapServers != null && !bootstrapServers.isBlank()
                ? bootstrapServers
                : KafkaSettings.bootstrapServersIn(clientProperties).orElseGet(startEmbedded);
        return KafkaSettings.of(servers, clientProperties);
    }

    /** The embedded broker Daybook runs when no cluster is configured. */
    public EmbeddedKafka embeddedKafka(Path stateDir) {
        return new EmbeddedKafka(stateDir.resolve("kafka"), embeddedKafkaPort);
    }

    public TopicCatalogue topics() {
        return TopicCatalogue.forPrefix(topicPrefix);
    }

    /** The one {@code --replication-factor}, also that of Kafka Streams' internal topics ({@code TopologyOptions}). */
    public int replicationFactor() {
        return replicationFactor;
    }

    /**
     * How Daybook's topics are set up: with {@code --partitions}, else on the embedded broker with
     * {@link TopicSetup#embeddedPartitions()}, else with {@link TopicSetup#DEFAULT_PARTITIONS}.
     */
    public TopicSetup topicSetup(boolean embeddedBroker) {
        int count = partitions != null
                ? partitions
                : embeddedBroker ? TopicSetup.embeddedPartitions() : TopicSetup.DEFAULT_PARTITIONS;
        return new TopicSetup(topics(), count, replicationFactor);
    }
}
