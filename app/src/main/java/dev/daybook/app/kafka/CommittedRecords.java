package dev.daybook.app.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic without a consumer group: every committed record from the beginning of each partition
 * to where its committed records end at the time of the call (a read-committed consumer's end offsets are
 * the last stable offsets). Either once ({@link #read}), or to catch up before following the topic with the
 * same consumer ({@link #consumer}, {@link #readToEnd}, and {@link #catchUp} again whenever wanted).
 */
public final class CommittedRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    private CommittedRecords() {}

    /**
     * Reads the topic once, with a consumer of its own.
     *
     * @see #readToEnd
     */
    public static long read(
            KafkaSettings kafka, String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        return readFrom(kafka, topic, Map.of(), timeout, each);
    }

    /**
     * Reads the topic once from the given offsets on, with a consumer of its own: each partition from its offset in
     * {@code from}, or from its beginning when it has none there or the offset is no longer in the partition.
     *
     * @param from the first offset to read, by partition number
     * @see #readToEnd
     */
    public static long readFrom(
            KafkaSettings kafka,
            String topic,
            Map<Integer, Long> from,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(kafka);
        try {
            assignFromBeginning(consumer, topic, timeout);
            for (TopicPartition partition : consumer.assignment()) {
                Long offset = from.get(partition.partition());
                if (offset != null) {
                    consumer.seek(partition, offset);
                }
            }
            return catchUp(consumer, timeout, each);
        } finally {
            KafkaSettings.closeWithoutGroup(consumer);
        }
    }

    /**
     * A consumer without a group that sees committed records only and starts at the beginning; close it with
     * {@link KafkaSettings#closeWithoutGroup}.
     */
    public static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
    }

    /**
     * Assigns the consumer every partition of the topic and reads them from the beginning to their end offsets
     * as of now (see {@link #catchUp}).
     *
     * @param each    called with every record, in each partition's order, on the calling thread
     * @param timeout for the whole read
     * @return how many records were read
     * @throws UnknownTopicOrPartitionException when the topic does not exist
     * @throws TimeoutException                 when reading took longer than {@code timeout}
     * @throws org.apache.kafka.common.KafkaException when the cluster cannot be read
     */
    public static long readToEnd(
            KafkaConsumer<byte[], byte[]> consumer,
            String topic,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        assignFromBeginning(consumer, topic, timeout);
        return catchUp(consumer, timeout, each);
    }

    /**
     * Assigns the consumer every partition of the topic, positioned at their beginnings.
     *
     * @throws UnknownTopicOrPartitionException when the topic does not exist
     */
    public static void assignFromBeginning(KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions =
                TopicPartitions.of(consumer, topic, timeout, UnknownTopicOrPartitionException::new);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads the consumer's assigned partitions from where it stands to their end offsets as of now. The consumer
     * stays positioned at those ends, so that polling it afterwards, or catching up again, follows the partitions
     * from there on: a record committed meanwhile is not lost, it comes with the next poll.
     *
     * @param each    called with every record up to the ends, in each partition's order, on the calling thread
     * @param timeout for the whole read
     * @return how many records were read
     * @throws TimeoutException when reading took longer than {@code timeout}
     * @throws org.apache.kafka.common.errors.InterruptException when the thread is interrupted
     */
    public static long catchUp(
            KafkaConsumer<byte[], byte[]> consumer, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        long records = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + topics(partitions) + " took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                    records++;
                }
            }
        }
        // A poll may have gone past an end (committed after the call began): go back, so the next poll returns it.
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, timeout) > ends.get(partition)) {
                consumer.seek(partition, ends.get(partition));
            }
        }
        return records;
    }

    /** The record's key as text (UTF-8, as Kafka's {@code StringSerializer} writes it), or null. */
    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String topics(Set<TopicPartition> partitions) {
        return partitions.stream()
                .map(TopicPartition::topic)
                .distinct()
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
