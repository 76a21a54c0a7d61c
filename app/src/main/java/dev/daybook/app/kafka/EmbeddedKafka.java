package dev.daybook.app.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker, broker and KRaft controller in one, running inside this JVM from
 * Kafka's own server classes (the same version as the clients). It listens on 127.0.0.1 only.
 *
 * <p>Its data directory is formatted on the first start (a new cluster id is written to
 * {@code meta.properties}) and reused afterwards, so a broker restarted on the same directory keeps its
 * cluster id, topics, records, committed offsets and transaction state. Internal topics are created with
 * replication factor 1 and min.insync.replicas 1, which is what makes transactions (exactly-once) work on
 * one node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final byte[] HOST_ADDRESS = {127, 0, 0, 1};
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Held while the broker runs, so that a second Daybook on the same state directory fails at once. */
    private static final String LOCK_FILE = ".daybook.lock";

    private final Path dataDir;
    private final int requestedPort;
    private FileChannel lock;
    private KafkaRaftServer server;
    private String bootstrapServers;

    /** A broker on a free port keeping its data in {@code dataDir}. */
    public EmbeddedKafka(Path dataDir) {
        this(dataDir, 0);
    }

    /** A broker on {@code port} (0: any free port) keeping its data in {@code dataDir}. */
    public EmbeddedKafka(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.requestedPort = port;
    }

    /** Daybook's embedded broker keeps its data in {@code <state-dir>/kafka}. */
    public static EmbeddedKafka inStateDir(Path stateDir) {
        return new EmbeddedKafka(stateDir.resolve("kafka"));
    }

    /**
     * Formats the data directory if it is new, starts the broker and returns once it accepts requests.
     *
     * @return the bootstrap servers, {@code 127.0.0.1:PORT}
     */
    public synchronized String start() {
        if (server != null) {
            return bootstrapServers;
        }
        long started = System.nanoTime();
        lockDataDir();
        int brokerPort = requestedPort == 0 ? freePort() : requestedPort;
        try {
            formatIfNew();
            server = startServer(new KafkaConfig(serverProperties(brokerPort, freePort()), false));
        } catch (RuntimeException e) {
            unlockDataDir();
            throw new IllegalStateException(
                    "cannot start the embedded Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
        bootstrapServers = HOST + ":" + brokerPort;
        log.info(
                "Embedded Kafka broker started on {} with data in {} ({} ms)",
                bootstrapServers,
                dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return bootstrapServers;
    }

    private static KafkaRaftServer startServer(KafkaConfig config) {
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
            return starting;
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw e;
        }
    }

    /** The bootstrap servers of the running broker. */
    public synchronized String bootstrapServers() {
        if (server == null) {
            throw new IllegalStateException("the embedded Kafka broker is not running");
        }
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker, flushing its logs so that the next start on the same directory recovers nothing. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        bootstrapServers = null;
        unlockDataDir();
        log.info("Embedded Kafka broker stopped");
    }

    private void lockDataDir() {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                lock = channel;
                return;
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // Fall through: held by another broker in this process.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the Kafka data directory " + dataDir, e);
        }
        closeQuietly(channel);
        throw new IllegalStateException(
                "another Daybook broker is using " + dataDir + ": stop it, or give this one another state directory");
    }

    private void unlockDataDir() {
        closeQuietly(lock);
        lock = null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Cannot close {}", channel, e);
        }
    }

    private Properties serverProperties(int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());

        // One node: every internal topic has one replica, which is also enough for min.insync.replicas.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than a production cluster: faster first group and transaction setup.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("num.partitions", "1");
        // Daybook creates its topics itself (TopicSetup); a typo must not silently create a new one.
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("streams.group.initial.rebalance.delay.ms", "0");

        // Small thread pools and buffers: this broker shares a laptop with the application.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        // Closing a partition's log (and loading it at start) is mostly waiting for fsync; these threads exist
        // only while the broker starts and stops, and several overlap the waits of the run's 150-odd partitions.
        p.put("num.recovery.threads.per.data.dir", "8");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private void formatIfNew() {
        if (Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot format the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        log.info("Formatted a new Kafka data directory {} (cluster id {})", dataDir, clusterId);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(HOST_ADDRESS))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
