package dev.daybook.app.sink;

import static dev.daybook.schemas.DeadLetterHeaders.truncate;

import dev.daybook.app.kafka.DeadLetterHeaderWriter;
import dev.daybook.connectors.warehouse.NewestPerKey;
import dev.daybook.schemas.DailyVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink has read since its last write: the newest version of each row with the record it came
 * from; and the dead letters not yet committed, which go out with the next commit of offsets.
 */
final class Batch {

    private static final Logger log = LoggerFactory.getLogger(Batch.class);

    private final String deadLetterTopic;
    private final NewestPerKey<SourcedRow> rows = new NewestPerKey<>(SourcedRow::row);
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long newestTimestamp = Long.MIN_VALUE;

    /** @param deadLetterTopic where the dead letters go */
    Batch(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    /** @param source the daily-volume record the row was read from */
    void add(DailyVolume row, ConsumerRecord<byte[], byte[]> source) {
        rows.add(new SourcedRow(row, source));
        newestTimestamp = Math.max(newestTimestamp, source.timestamp());
    }

    /**
     * Adds a dead letter of a daily-volume record, with its key and value as they are.
     *
     * @param reason  the {@link dev.daybook.schemas.DeadLetterHeaders#REASON} code
     * @param message why, for people
     */
    void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
        String source = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        Headers headers = DeadLetterHeaderWriter.of(SinkRunner.STAGE, reason)
                .message(truncate(message))
                .sourceUri(source)
                .headers();
        deadLetters.add(new DeadLetter(
                new TopicPartition(record.topic(), record.partition()),
                reason,
                new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers)));
        log.warn("Dead-lettered {} ({}): {}", source, reason, truncate(message));
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
    record SourcedRow(DailyVolume row, ConsumerRecord<byte[], byte[]> source) {}

    /** A dead letter to send, the partition of the record it is, and its reason code. */
    record DeadLetter(TopicPartition from, String reason, ProducerRecord<byte[], byte[]> record) {}
}
