package dev.daybook.app.run;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.LastStableOffsets;
import dev.daybook.app.kafka.TopicPartitions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group has consumed every committed record of some topics: its committed offsets
 * compared with each partition's last stable offset ({@code OffsetSpec.latest()} read-committed).
 *
 * <p>Offsets alone are not enough under transactions: every transaction ends with a commit (or abort)
 * marker, which takes an offset but is no record. A group that consumed the last record of a partition may
 * have committed the marker's offset, which is one short of the end, and nothing new will make it commit
 * again. So a partition that looks behind is read from the group's offset to the end, read-committed; it is
 * behind only if that yields a record.
 */
public final class ConsumedToEnd {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaSettings kafka;
    private final Admin admin;

    /** @param admin an admin client of the same cluster, owned by the caller */
    public ConsumedToEnd(KafkaSettings kafka, Admin admin) {
        this.kafka = kafka;
        this.admin = admin;
    }

    /**
     * What a check found: how many offsets the group is behind the ends (records, and markers between them),
     * 0 when it has consumed every committed record.
     */
    public record Check(long behind) {
        public boolean caughtUp() {
            return behind == 0;
        }
    }

    public Check check(String groupId, Collection<String> topics) throws InterruptedException {
        try {
            List<TopicPartition> partitions = TopicPartitions.of(admin, topics);
            Map<TopicPartition, Long> ends = LastStableOffsets.of(admin, partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, Long> behind = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                long position = offset == null ? 0 : offset.offset();
                if (position < ends.get(partition)) {
                    behind.put(partition, position);
                }
            }
            if (behind.isEmpty()) {
                return new Check(0);
            }
            long records = behind.entrySet().stream()
                    .mapToLong(e -> ends.get(e.getKey()) - e.getValue())
                    .sum();
            return recordsBetween(behind, ends) ? new Check(records) : new Check(0);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of group " + groupId + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Whether a read-committed consumer finds a record between {@code from} and {@code ends} of any partition. */
    private boolean recordsBetween(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends)
            throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = CommittedRecords.consumer(kafka);
        try {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            while (from.keySet().stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.partitions().stream()
                        .anyMatch(partition -> records.records(partition).stream()
                                .anyMatch(record -> record.offset() < ends.get(partition)))) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return true;
                }
            }
            return false;
        } finally {
            KafkaSettings.closeWithoutGroup(consumer);
        }
    }
}
