package dev.daybook.app.run;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.warehouse.DailyVolumeCsv;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The whole daily-volume table, read from the compacted topic from its beginning without a consumer group
 * (committed records only, the newest version of each key): what {@code daybook run} prints, in exact
 * decimals whatever the warehouse stores. Records that are no daily-volume row are left to the sink, which
 * dead-letters them. Not thread-safe: one thread reads.
 */
public final class DailyVolumeReader implements AutoCloseable {

    /** For one catch-up; the table is read whole on the first. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, DailyVolume> table = new HashMap<>();
    private final Topic<String, DailyVolume> topic;

    public DailyVolumeReader(KafkaSettings kafka, TopicCatalogue topics) {
        this.topic = topics.dailyVolume();
        this.consumer = CommittedRecords.consumer(kafka);
        CommittedRecords.assignFromBeginning(consumer, topic.name(), READ_TIMEOUT);
    }

    /**
     * Reads every record committed by now.
     *
     * @return whether the table changed
     */
    public boolean catchUp() throws InterruptedException {
        boolean[] changed = {false};
        try {
            CommittedRecords.catchUp(consumer, READ_TIMEOUT, record -> changed[0] |= apply(record));
        } catch (InterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while reading " + topic.name());
        }
        return changed[0];
    }

    private boolean apply(ConsumerRecord<byte[], byte[]> record) {
        DailyVolume row;
        try {
            row = topic.deserializeValue(record.value());
        } catch (SerializationException e) {
            return false;
        }
        if (row == null || !row.key().equals(CommittedRecords.key(record))) {
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
        KafkaSettings.closeWithoutGroup(consumer);
    }
}
