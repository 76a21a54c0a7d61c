package dev.daybook.app.ingest;

import dev.daybook.app.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reading a compacted topic whole, as the ingester does with its progress and the tokens at start. */
final class CompactedTopics {

    private static final Duration POLL = Duration.ofMillis(200);

    private CompactedTopics() {
    }

    /** A consumer without a group that sees committed records only. */
    static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
    }

    /**
     * Assigns the consumer every partition of the topic from its beginning and reads up to the last stable
     * offsets as of now; the consumer stays assigned, so that polling it again follows the topic.
     *
     * @return how many records were read
     * @throws IngestFailedException if the topic does not exist or reading it takes longer than {@code timeout}
     */
    static int readFromBeginning(KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout,
                                 Consumer<ConsumerRecord<byte[], byte[]>> read) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IngestFailedException("topic " + topic + " does not exist; Daybook creates it at start (TopicSetup)", null);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        int records = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IngestFailedException("reading " + topic + " took longer than " + timeout, null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                read.accept(record);
                records++;
            }
        }
        return records;
    }
}
