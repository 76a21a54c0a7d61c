package dev.daybook.app.sink;

import dev.daybook.schemas.DailyVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** What the sink has read since its last write: the newest version of each row, and the dead letters sent meanwhile. */
final class Batch {

    private final Map<String, DailyVolume> rows = new HashMap<>();
    private final List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
    private long newestTimestamp = Long.MIN_VALUE;

    /** @param timestamp the Kafka timestamp of the record the row was read from */
    void add(DailyVolume row, long timestamp) {
        rows.merge(row.key(), row, (held, read) -> read.version() > held.version() ? read : held);
        newestTimestamp = Math.max(newestTimestamp, timestamp);
    }

    void addDeadLetter(Future<RecordMetadata> sent) {
        deadLetters.add(sent);
    }

    int rowCount() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty() && deadLetters.isEmpty();
    }

    List<DailyVolume> rows() {
        return List.copyOf(rows.values());
    }

    /** The Kafka timestamp of the newest record behind the rows; only meaningful when there are rows. */
    Instant newestRecord() {
        return Instant.ofEpochMilli(newestTimestamp);
    }

    List<Future<RecordMetadata>> deadLetters() {
        return List.copyOf(deadLetters);
    }

    void clear() {
        rows.clear();
        deadLetters.clear();
        newestTimestamp = Long.MIN_VALUE;
    }
}
