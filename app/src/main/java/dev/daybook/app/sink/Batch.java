package dev.daybook.app.sink;

import static dev.daybook.schemas.DeadLetterHeaders.truncate;

import dev.daybook.app.kafka.DeadLetterHeaderWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink has read since its last write: per table, the newest row of each key with the record it came
 * from, in the order the keys first appeared (one statement must not match a row twice); and the dead letters
 * not yet committed, which go out with the next commit of offsets.
 */
final class Batch {

    private static final Logger log = LoggerFactory.getLogger(Batch.class);

    private final String deadLetterTopic;
    private final Map<Feed<?>, TableRows<?>> tables = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long newestTimestamp = Long.MIN_VALUE;

    /** @param deadLetterTopic where the dead letters go */
    Batch(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    /** @param source the record the row was read from */
    <R> void add(Feed<R> feed, R row, ConsumerRecord<byte[], byte[]> source) {
        @SuppressWarnings("unchecked") // tables maps each feed to rows of its own type
        TableRows<R> rows = (TableRows<R>) tables.computeIfAbsent(feed, TableRows::new);
        rows.add(new SourcedRow<>(row, source));
        newestTimestamp = Math.max(newestTimestamp, source.timestamp());
    }

    /**
     * Adds a dead letter of a record the sink read, with its key and value as they are.
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
        return tables.values().stream().mapToInt(TableRows::size).sum();
    }

    boolean isEmpty() {
        return rowCount() == 0 && deadLetters.isEmpty();
    }

    /** The rows of each table that has some, in the order of the feeds' first rows. */
    List<TableRows<?>> tables() {
        return tables.values().stream().filter(rows -> rows.size() > 0).toList();
    }

    /** The days of the rows of the tables the date dimension covers, in order. */
    Set<LocalDate> days() {
        Set<LocalDate> days = new TreeSet<>();
        tables.values().forEach(rows -> rows.addDays(days));
        return days;
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
        tables.clear();
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

    /** A row and the record it was read from, which a refused row is dead-lettered as. */
    record SourcedRow<R>(R row, ConsumerRecord<byte[], byte[]> source) {}

    /** The rows of one table: the newest of each key, as the feed tells. */
    static final class TableRows<R> {
        private final Feed<R> feed;
        private final Map<String, SourcedRow<R>> rows = new LinkedHashMap<>();

        TableRows(Feed<?> feed) {
            @SuppressWarnings("unchecked") // made by add(Feed<R>, ...) only
            Feed<R> typed = (Feed<R>) feed;
            this.feed = typed;
        }

        Feed<R> feed() {
            return feed;
        }

        List<SourcedRow<R>> rows() {
            return List.copyOf(rows.values());
        }

        int size() {
            return rows.size();
        }

        private void add(SourcedRow<R> read) {
            rows.merge(
                    feed.key().apply(read.row()),
                    read,
                    (held, next) -> feed.newer(next.row(), held.row()) ? next : held);
        }

        private void addDays(Set<LocalDate> days) {
            if (feed.date() != null) {
                rows.values()
                        .forEach(row ->
                                days.add(Objects.requireNonNull(feed.date().apply(row.row()))));
            }
        }
    }

    /** A dead letter to send, the partition of the record it is, and its reason code. */
    record DeadLetter(TopicPartition from, String reason, ProducerRecord<byte[], byte[]> record) {}
}
