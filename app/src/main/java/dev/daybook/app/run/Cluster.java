package dev.daybook.app.run;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicSetup;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster a command works with: the configured one, or Daybook's embedded broker in the state
 * directory, which this object then owns and stops on {@link #close()}.
 */
public final class Cluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final KafkaSettings settings;
    private final EmbeddedKafka embedded;

    private Cluster(KafkaSettings settings, EmbeddedKafka embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    /** The configured cluster, or an embedded broker with its data in {@code <stateDir>/kafka}. */
    public static Cluster configuredOrEmbedded(KafkaOptions options, Path stateDir) throws IOException {
        EmbeddedKafka[] started = new EmbeddedKafka[1];
        KafkaSettings settings = options.settings(() -> {
            started[0] = options.embeddedKafka(stateDir);
            return started[0].start();
        });
        log.info("Kafka: {}", settings);
        return new Cluster(settings, started[0]);
    }

    /**
     * The configured cluster; a part of the pipeline that runs alone shares it with the other parts, so an
     * embedded broker would make no sense.
     */
    public static Cluster configured(KafkaOptions options, String command) throws IOException {
        KafkaSettings settings = options.settings(() -> {
            throw new IllegalArgumentException("daybook " + command + " needs a Kafka cluster: give --bootstrap-servers"
                    + " (or bootstrap.servers in --kafka-config); daybook run runs every part with an embedded broker");
        });
        log.info("Kafka: {}", settings);
        return new Cluster(settings, null);
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** Whether this is Daybook's embedded broker, which serves this process alone. */
    public boolean embedded() {
        return embedded != null;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(settings.clientProperties());
    }

    /** Creates Daybook's missing topics and checks the existing ones. */
    public void setUpTopics(TopicSetup setup) throws InterruptedException {
        try (Admin admin = admin()) {
            setup.apply(admin);
        }
    }

    /** Stops the embedded broker, if this cluster is one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
