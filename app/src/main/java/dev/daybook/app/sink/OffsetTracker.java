package dev.daybook.app.sink;

import dev.daybook.app.metrics.DaybookMetrics;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per partition the consumer reads, the offset up to which the sink is done: the warehouse has everything
 * before it and, for a durable warehouse, the group committed it. It commits those offsets in one Kafka
 * transaction with the dead letters read before them, and tells how far the sink is behind. Used on the
 * consuming thread only.
 */
final class OffsetTracker {

    private static final Logger log = LoggerFactory.getLogger(OffsetTracker.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    private final boolean durable;
    private final String topic;
    private final SinkProgress progress;
    private final DaybookMetrics metrics;
    private final Map<TopicPartition, Long> done = new HashMap<>();

    /**
     * @param deadLetters a transactional producer, its transactions initialised
     * @param durable     whether the warehouse is durable: only then are offsets committed to the consumer's group
     * @param topic       the topics read, for messages
     */
    OffsetTracker(
            Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> deadLetters,
            boolean durable,
            String topic,
            SinkProgress progress,
            DaybookMetrics metrics) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.durable = durable;
        this.topic = topic;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** The positions of the partitions this consumer reads that moved since they were last done. */
    Map<TopicPartition, Long> advancedPositions() {
        Map<TopicPartition, Long> advanced = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            if (!Long.valueOf(position).equals(done.get(partition))) {
                advanced.put(partition, position);
            }
        }
        return advanced;
    }

    /**
     * Sends the batch's dead letters and, for a durable warehouse, commits the positions, in one Kafka
     * transaction: a crash leaves both done or neither, so a dead letter is never lost nor sent twice. Once
     * committed, the positions are done and the dead letters counted and cleared from the batch. When the
     * group is rebalancing nothing is committed, and the dead letters wait for the next commit unless their
     * partitions move (then their next owner reads the records again).
     *
     * @param positions positions whose records the warehouse has all, from {@link #advancedPositions()}
     */
    void commit(Map<TopicPartition, Long> positions, Batch batch) throws SinkFailedException {
        List<Batch.DeadLetter> letters = batch.deadLetters();
        boolean offsets = durable && !positions.isEmpty();
        if (!letters.isEmpty() || offsets) {
            try {
                deadLetters.beginTransaction();
                for (Batch.DeadLetter letter : letters) {
                    // A failed send fails the commit of the transaction.
                    Future<RecordMetadata> unused = deadLetters.send(letter.record());
                }
                if (offsets) {
                    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                    positions.forEach(
                            (partition, position) -> committed.put(partition, new OffsetAndMetadata(position)));
                    deadLetters.sendOffsetsToTransaction(committed, consumer.groupMetadata());
                }
                deadLetters.commitTransaction();
            } catch (CommitFailedException | RebalanceInProgressException e) {
                abortTransaction();
                log.info(
                        "Offsets not committed, the group is rebalancing; the rows are written again by the partitions' next owner");
                return;
            } catch (KafkaException e) {
                throw new SinkFailedException(
                        "cannot commit offsets of " + topic + " and " + letters.size() + " dead letters: "
                                + e.getMessage(),
                        e);
            }
            batch.clearDeadLetters();
            for (Batch.DeadLetter letter : letters) {
                progress.deadLettered(letter.reason());
                metrics.deadLettered(SinkRunner.STAGE, letter.reason());
            }
        }
        done.putAll(positions);
    }

    /** Whether the sink is done up to {@code target} in every partition, including those other members of the group read. */
    boolean caughtUp(Map<TopicPartition, Long> target) {
        Set<TopicPartition> unknown = new HashSet<>();
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            Long reached = done.get(end.getKey());
            if (reached == null) {
                unknown.add(end.getKey());
            } else if (reached < end.getValue()) {
                return false;
            }
        }
        if (unknown.isEmpty()) {
            return true;
        }
        if (!durable) {
            return unknown.stream().allMatch(partition -> target.get(partition) == 0);
        }
        // Partitions read by other members of the group: done as far as the group committed.
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown);
        return unknown.stream().allMatch(partition -> {
            OffsetAndMetadata offset = committed.get(partition);
            return (offset == null ? 0 : offset.offset()) >= target.get(partition);
        });
    }

    /** The records of the partitions this consumer reads that are not done yet, fetched or not; empty until the consumer knows. */
    OptionalLong lag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(partition);
            if (behind.isEmpty()) {
                return OptionalLong.empty();
            }
            long position = consumer.position(partition);
            total += behind.getAsLong() + position - done.getOrDefault(partition, position);
        }
        return OptionalLong.of(total);
    }

    /** The partitions moved to another consumer. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(done::remove);
    }

    private void abortTransaction() throws SinkFailedException {
        try {
            deadLetters.abortTransaction();
        } catch (KafkaException e) {
            throw new SinkFailedException("cannot abort a Kafka transaction of the sink: " + e.getMessage(), e);
        }
    }
}
