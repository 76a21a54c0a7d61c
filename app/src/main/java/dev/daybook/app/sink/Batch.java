package dev.daybook.app.sink;

import dev.daybook.connectors.warehouse.NewestPerKey;
import dev.daybook.schemas.DailyVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the sink has read since its last write: the newest version of each row with the record it came
 * from; and the dead letters not yet committed, which go out with the next commit of offsets.
 */
final class Batch {

    private final NewestPerKey<SourcedRow> rows = new NewestPerKey<>(SourcedRow::row);
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long newestTimestamp = Long.MIN_VALUE;

    /** @param source the daily-volume record the row was read from */
    void add(DailyVolume row, ConsumerRecord<byte[], byte[]> source) {
        rows.add(new SourcedRow(row, source));
        newestTimestamp = Math.max(newestTimestamp, source.timestamp());
    }

    void addDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    int rowCount() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty() && deadLetters.isEmpty();
    }

    List<SourcedRow> rows() {
        return List.copyOf(rows.values());
    }

    /** The Kafka timestamp of the newest record behind the rows; only meaningful when there are rows. */
    Instant newestRecord() {
        return Instant.ofEpochMilli(newestTimestamp);
    }

    List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Once the rows are written; the dead letters wait for their commit. */
    void clearRows() {
        rows.clear();
        newestTimestamp = Long.MIN_VALUE;
    }

    /** Once the dead letters are committed. */
    void clearDeadLetters() {
        deadLetters.clear();
    }

    /** The dead letters of partitions that moved to another consumer, which reads their records again. */
    void dropDeadLetters(Collection<TopicPartition> partitions) {
        deadLetters.removeIf(deadLetter -> partitions.contains(deadLetter.from()));
    }

    /** A row and the daily-volume record it was read from, which a refused row is dead-lettered as. */
    record SourcedRow(DailyVolume row, ConsumerRecord<byte[], byte[]> source) {
    }

    /** A dead letter to send, the partition of the record it is, and its reason code. */
    record DeadLetter(TopicPartition from, String reason, ProducerRecord<byte[], byte[]> record) {
    }
}
