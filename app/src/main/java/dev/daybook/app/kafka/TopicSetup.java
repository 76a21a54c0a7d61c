package dev.daybook.app.kafka;

import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Daybook's topics when they are missing and checks the ones that exist. Safe to run on every
 * start, by several instances at once.
 *
 * <ul>
 *   <li>{@code transactions}: delete policy, kept forever (retention.ms=-1) so the aggregation can be
 *       replayed, zstd-compressed.</li>
 *   <li>{@code tokens}, {@code rates}, {@code daily-volume}, {@code ingest-progress}, {@code rates-needs}:
 *       compacted tables.</li>
 *   <li>{@code dead-letter}: delete policy, kept 90 days.</li>
 * </ul>
 * All get the same number of partitions, so that topics keyed alike are co-partitioned.
 */
public final class TopicSetup {

    /** Partitions of every Daybook topic unless configured: enough for four parallel Streams tasks. */
    public static final int DEFAULT_PARTITIONS = 4;

    /** -1: the broker's {@code default.replication.factor} (1 on the embedded broker). */
    public static final int BROKER_DEFAULT_REPLICATION = -1;

    static final long DEAD_LETTER_RETENTION_MS = Duration.ofDays(90).toMillis();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_POLL = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private final TopicCatalogue topics;
    private final int partitions;
    private final int replicationFactor;

    public TopicSetup(TopicCatalogue topics, int partitions, int replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if ((replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)
                && replicationFactor != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException(
                    "replication factor must be at least 1 or -1 (broker default), not " + replicationFactor);
        }
        this.topics = topics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public TopicSetup(TopicCatalogue topics) {
        this(topics, DEFAULT_PARTITIONS, BROKER_DEFAULT_REPLICATION);
    }

    /**
     * Partitions of every Daybook topic on the embedded broker unless configured: one per core, up to
     * {@link #DEFAULT_PARTITIONS}. The embedded broker serves one process, which runs a stream thread per core; more
     * partitions would give each thread more tasks, each with its own stores to open and its own partitions in every
     * transaction, for no more parallelism (docs/benchmarks.md).
     */
    public static int embeddedPartitions() {
        return Math.max(1, Math.min(DEFAULT_PARTITIONS, Runtime.getRuntime().availableProcessors()));
    }

    /** The topics Daybook needs, with the settings it creates them with. */
    public List<NewTopic> newTopics() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                topic(
                        topics.transactions().name(),
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG, "-1",
                                TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd")),
                topic(topics.tokens().name(), compacted),
                topic(topics.rates().name(), compacted),
                topic(topics.dailyVolume().name(), compacted),
                topic(topics.dailyCurrencyVolume().name(), compacted),
                topic(topics.ingestProgress().name(), compacted),
                topic(topics.ratesNeeds().name(), compacted),
                topic(
                        topics.deadLetter().name(),
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG,
                                String.valueOf(DEAD_LETTER_RETENTION_MS))));
    }

    /**
     * Creates the missing topics and checks the cleanup policy of all of them.
     *
     * @throws TopicSetupException with a one-line message saying what to fix
     */
    public void apply(Admin admin) throws InterruptedException {
        List<NewTopic> wanted = newTopics();
        Set<String> existing = call("list topics", admin.listTopics().names());
        List<NewTopic> missing =
                wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        create(admin, missing);
        awaitLeaders(admin, wanted);
        checkCleanupPolicies(admin, wanted);
    }

    private void create(Admin admin, List<NewTopic> missing) throws InterruptedException {
        if (missing.isEmpty()) {
            return;
        }
        var results = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
            try {
                results.get(topic.name()).get();
                log.info("Created topic {} ({} partitions, {})", topic.name(), topic.numPartitions(), topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicSetupException(
                            "cannot create topic " + topic.name() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                // Another instance created it in the meantime; its settings are checked next.
            }
        }
    }

    /**
     * A topic just created may not be served yet by every broker; clients started right after setup (a
     * Streams application fails on a missing source topic) must find every partition with a leader.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> wanted) throws InterruptedException {
        List<String> names = wanted.stream().map(NewTopic::name).toList();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get();
                if (descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new TopicSetupException(
                            "cannot describe topics: " + e.getCause().getMessage(), e.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TopicSetupException("topics " + names + " have no leader after " + READY_TIMEOUT, null);
            }
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    private void checkCleanupPolicies(Admin admin, List<NewTopic> wanted) throws InterruptedException {
        Map<ConfigResource, NewTopic> resources = wanted.stream()
                .collect(Collectors.toMap(
                        t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()), Function.identity()));
        Map<ConfigResource, Config> configs = call(
                "describe topic configs",
                admin.describeConfigs(resources.keySet()).all());
        List<String> problems = new ArrayList<>();
        resources.forEach((resource, topic) -> {
            String expected = topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String actual =
                    configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!expected.equals(actual)) {
                problems.add(
                        "topic " + topic.name() + " has cleanup.policy=" + actual + " but Daybook needs " + expected
                                + " (kafka-configs.sh --alter --entity-type topics --entity-name " + topic.name()
                                + " --add-config cleanup.policy=" + expected + ")");
            }
        });
        if (!problems.isEmpty()) {
            throw new TopicSetupException(String.join("; ", problems), null);
        }
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(
                        name,
                        Optional.of(partitions),
                        replicationFactor == BROKER_DEFAULT_REPLICATION
                                ? Optional.empty()
                                : Optional.of((short) replicationFactor))
                .configs(configs);
    }

    private static <T> T call(String what, KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new TopicSetupException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
