package dev.daybook.app.testing;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded Kafka broker shared by every test class of the JVM: started by the first class that
 * uses it, stopped when the test run ends. Tests keep apart by using their own topics:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBroker kafka = new KafkaBroker();
 *
 * @Test
 * void something() {
 *     TopicCatalogue topics = kafka.createTopics();          // unique prefix, all Daybook topics created
 *     KafkaSettings settings = kafka.settings();    // for producers, consumers, admin, Streams
 * }
 * }</pre>
 *
 * The broker does not create topics on first use: create them with {@link #createTopics()} (or
 * {@link TopicSetup}).
 */
public final class KafkaBroker implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);
    private static final AtomicInteger TOPIC_SETS = new AtomicInteger();
    private static final int TEST_PARTITIONS = 2;

    private SharedBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> new SharedBroker(), SharedBroker.class);
    }

    public String bootstrapServers() {
        return running().kafka.bootstrapServers();
    }

    public KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
    }

    /** A new admin client for the broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(settings().clientProperties());
    }

    /** Topic names with a prefix no other test uses; nothing is created. */
    public TopicCatalogue uniqueTopics() {
        return TopicCatalogue.forPrefix("test-" + TOPIC_SETS.incrementAndGet() + ".");
    }

    /** {@link #uniqueTopics()}, created by {@link TopicSetup} with two partitions each. */
    public TopicCatalogue createTopics() {
        TopicCatalogue topics = uniqueTopics();
        try (Admin admin = admin()) {
            new TopicSetup(topics, TEST_PARTITIONS, TopicSetup.BROKER_DEFAULT_REPLICATION).apply(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        return topics;
    }

    private SharedBroker running() {
        if (broker == null) {
            throw new IllegalStateException("register KafkaBroker with @RegisterExtension on a static field");
        }
        return broker;
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test of the run. */
    private static final class SharedBroker implements AutoCloseable {

        private final Path dataDir;
        private final EmbeddedKafka kafka;

        SharedBroker() {
            try {
                dataDir = Files.createTempDirectory("daybook-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kafka = new EmbeddedKafka(dataDir);
            kafka.start();
        }

        @Override
        public void close() throws IOException {
            kafka.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
