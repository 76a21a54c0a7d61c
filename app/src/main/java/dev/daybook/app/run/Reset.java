package dev.daybook.app.run;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.app.progress.Progress;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.DailyVolumeTopology;
import dev.daybook.app.topology.DeadLetterCounter;
import dev.daybook.app.topology.InternalTopics;
import dev.daybook.app.topology.StreamsSettings;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wipes the aggregation's state so that the next start recomputes the daily-volume table from the first
 * transaction: the Streams application's consumer group and internal topics, its local state stores, its output
 * topics ({@code daily-volume} and {@code daily-currency-volume}, emptied by deleting and re-creating them) and the
 * sink's consumer group, and the warehouse's rows of those outputs. The recomputed rows start again at version 1, which the warehouse's version guard
 * would refuse while the old rows are there, hence the warehouse is cleared too.
 *
 * <p>What the aggregation reads is kept: {@code transactions}, {@code tokens}, {@code rates}, the ingester's
 * progress and the dead letters. Every part using the application or the sink must be stopped first; a
 * group with members stops the reset before it changes anything.
 */
public final class Reset {

    /**
     * What was reset.
     *
     * @param internalTopics the internal topics deleted
     * @param groups         the consumer groups deleted (those that existed)
     * @param warehouse      the warehouse cleared, or null when it keeps nothing (print)
     */
    public record Report(List<String> internalTopics, List<String> groups, String warehouse) {}

    private static final Logger log = LoggerFactory.getLogger(Reset.class);
    private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELETION_POLL = Duration.ofMillis(100);

    private final KafkaSettings kafka;
    private final DailyVolumeConfig config;
    private final StreamsSettings streams;
    private final TopicSetup topicSetup;
    private final AtomicInteger stepsDone = new AtomicInteger();
    private volatile long steps = Progress.Count.UNKNOWN;

    public Reset(KafkaSettings kafka, DailyVolumeConfig config, StreamsSettings streams, TopicSetup topicSetup) {
        this.kafka = kafka;
        this.config = config;
        this.streams = streams;
        this.topicSetup = topicSetup;
    }

    /**
     * @param sinkGroupId the sink's consumer group, or null when the sink has none (print)
     * @param warehouse   the sink's warehouse, prepared by this method and closed by the caller
     */
    public Report run(String sinkGroupId, Warehouse warehouse) throws InterruptedException, WarehouseException {
        String applicationId = streams.applicationId();
        List<String> groups = sinkGroupId == null ? List.of(applicationId) : List.of(applicationId, sinkGroupId);
        steps = warehouse.durable() ? 4 : 3;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<String> existing = requireInactive(admin, groups);
            deleteGroups(admin, existing);
            stepsDone.incrementAndGet();
            Topology topology = DailyVolumeTopology.build(config);
            List<String> internal = existing(admin, InternalTopics.of(topology, applicationId));
            deleteTopics(admin, internal);
            List<String> outputs = List.copyOf(InternalTopics.outputs(topology));
            deleteTopics(admin, outputs);
            topicSetup.apply(admin);
            stepsDone.incrementAndGet();
            cleanLocalState();
            stepsDone.incrementAndGet();
            String cleared = null;
            if (warehouse.durable()) {
                warehouse.prepare();
                warehouse.clear();
                cleared = warehouse.toString();
                stepsDone.incrementAndGet();
            }
            log.info(
                    "Reset {}: deleted groups {}, internal topics {}, emptied {}, cleared the local state in {}{}",
                    applicationId,
                    existing,
                    internal,
                    outputs,
                    streams.stateDir(),
                    cleared == null ? "" : " and the warehouse " + cleared);
            return new Report(internal, existing, cleared);
        }
    }

    /** How far {@link #run} has got: of the groups, the topics, the local state and the warehouse (if durable). */
    public Progress progress() {
        return Progress.of(new Progress.Count(stepsDone.get(), steps, "steps"));
    }

    /** @return the groups that exist */
    private static List<String> requireInactive(Admin admin, List<String> groups) throws InterruptedException {
        List<String> existing = new ArrayList<>();
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                admin.describeConsumerGroups(groups).describedGroups();
        for (String group : groups) {
            ConsumerGroupDescription description;
            try {
                description = descriptions.get(group).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    continue;
                }
                throw new IllegalStateException(
                        "cannot describe group " + group + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (!description.members().isEmpty()) {
                throw new IllegalStateException(
                        "group " + group + " has " + description.members().size() + " active members ("
                                + memberNames(description)
                                + "): stop every Daybook that uses it, then reset; a Daybook that crashed"
                                + " stays a member until its session times out (session.timeout.ms, 45 s by default), or until it"
                                + " is started again with the same --instance-id and stopped");
            }
            if (description.groupState() != GroupState.DEAD) {
                existing.add(group);
            }
        }
        return existing;
    }

    /** The members' instance ids (for Kafka Streams {@code <instance id>-<thread>}), else their member ids. */
    private static String memberNames(ConsumerGroupDescription description) {
        return description.members().stream()
                .map(member -> member.groupInstanceId().orElse(member.consumerId()))
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static void deleteGroups(Admin admin, List<String> groups) throws InterruptedException {
        for (Map.Entry<String, KafkaFuture<Void>> deletion :
                admin.deleteConsumerGroups(groups).deletedGroups().entrySet()) {
            try {
                deletion.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException(
                            "cannot delete group " + deletion.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
    }

    /** Those of {@code names} that exist, sorted. */
    private static List<String> existing(Admin admin, Set<String> names) throws InterruptedException {
        Set<String> topics = get(admin.listTopics().names(), "list topics");
        return names.stream().filter(topics::contains).sorted().toList();
    }

    private static void deleteTopics(Admin admin, List<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return;
        }
        for (Map.Entry<String, KafkaFuture<Void>> deletion :
                admin.deleteTopics(names).topicNameValues().entrySet()) {
            try {
                deletion.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "cannot delete topic " + deletion.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        // Deletion completes in the background; a topic of the same name cannot be created before it is gone.
        long deadline = System.nanoTime() + DELETION_TIMEOUT.toNanos();
        while (get(admin.listTopics().names(), "list topics").stream().anyMatch(names::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics " + names + " are still being deleted after " + DELETION_TIMEOUT);
            }
            Thread.sleep(DELETION_POLL.toMillis());
        }
    }

    private void cleanLocalState() {
        try (KafkaStreams application = new KafkaStreams(
                DailyVolumeTopology.build(config),
                streams.properties(kafka, config.topics(), new DeadLetterCounter()))) {
            application.cleanUp();
        }
    }

    private static <T> T get(KafkaFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
