package dev.daybook.app.run;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.warehouse.DailyVolumeCsv;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The whole daily-volume table, read from the compacted topic from its beginning without a consumer group
 * (committed records only, the newest version of each key): what {@code daybook run} prints, in exact
 * decimals whatever the warehouse stores. Records that are no daily-volume row are left to the sink, which
 * dead-letters them. Not thread-safe: one thread reads.
 */
public final class DailyVolumeReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonSerde<DailyVolume> serde = JsonSerde.of(DailyVolume.class);
    private final Map<String, DailyVolume> table = new HashMap<>();
    private final List<TopicPartition> partitions;
    private final String topic;

    public DailyVolumeReader(KafkaSettings kafka, Topics topics) {
        this.topic = topics.dailyVolume();
        this.consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
        this.partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads every record committed by now.
     *
     * @return whether the table changed
     */
    public boolean catchUp() throws InterruptedException {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        boolean changed = false;
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                changed |= apply(record);
            }
        }
        return changed;
    }

    private boolean apply(ConsumerRecord<String, byte[]> record) {
        DailyVolume row;
        try {
            row = serde.deserialize(topic, record.value());
        } catch (SerializationException e) {
            return false;
        }
        if (row == null || !row.key().equals(record.key())) {
            return false;
        }
        DailyVolume held = table.get(row.key());
        if (held != null && held.version() >= row.version()) {
            return false;
        }
        table.put(row.key(), row);
        return true;
    }

    /** The table as read so far, sorted by date then project_id. */
    public List<DailyVolume> rows() {
        List<DailyVolume> rows = new ArrayList<>(table.values());
        rows.sort(DailyVolumeCsv.ORDER);
        return rows;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
