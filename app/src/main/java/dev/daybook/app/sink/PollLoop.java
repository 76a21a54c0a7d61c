package dev.daybook.app.sink;

import dev.daybook.app.kafka.Causes;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's run of the sink: it polls the records of every feed's topic into a {@link Batch}, dead-letters
 * those that are no row of their table, writes the batch when it is full, when the topics are idle or at the
 * batch interval, and then commits what is done. Before partitions move to another consumer, what was read from
 * them is written (and, when still possible, committed). Used on the consuming thread only.
 */
final class PollLoop implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Feed<?>> feeds;
    private final SinkSettings settings;
    private final WarehouseWriter writer;
    private final OffsetTracker offsets;
    private final SinkProgress progress;
    private final BooleanSupplier closing;
    private final Batch batch;
    private long lastFlush = System.nanoTime();
    /** False once the loop stops writing: the consumer's close must not write or commit any more. */
    private boolean writing = true;

    /** @param closing whether the sink is asked to stop */
    PollLoop(
            Consumer<byte[], byte[]> consumer,
            TopicCatalogue topics,
            List<Feed<?>> feeds,
            SinkSettings settings,
            WarehouseWriter writer,
            OffsetTracker offsets,
            SinkProgress progress,
            BooleanSupplier closing) {
        this.consumer = consumer;
        this.feeds = feeds.stream().collect(Collectors.toMap(Feed::topic, Function.identity()));
        this.settings = settings;
        this.writer = writer;
        this.offsets = offsets;
        this.progress = progress;
        this.closing = closing;
        this.batch = new Batch(topics.deadLetter().name());
    }

    /**
     * Consumes until the sink is closed, or until it is done up to {@code target}, and writes and commits
     * what was read.
     *
     * @param target where each partition's records end, when the loop is to stop once it is done with them
     * @return true once done up to the target; false when the sink was closed first
     */
    boolean run(Optional<Map<TopicPartition, Long>> target) throws SinkFailedException {
        progress.running();
        try {
            while (!closing.getAsBoolean()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
                records.forEach(this::read);
                if (flushDue(records.isEmpty(), target.isPresent())) {
                    flush(true);
                }
                offsets.lag().ifPresent(progress::lag);
                if (target.isPresent() && batch.isEmpty() && records.isEmpty() && offsets.caughtUp(target.get())) {
                    return true;
                }
            }
        } catch (WakeupException e) {
            // close() interrupted a blocking call; what was read is written below.
        } catch (KafkaException e) {
            throw unwrapListenerFailure(e);
        }
        try {
            flush(true);
        } catch (WakeupException e) {
            log.debug("Closed while committing; the last batch is written again on the next start");
        }
        return false;
    }

    /** Stops writing and committing, before the consumer closes. */
    void end() {
        writing = false;
    }

    private Duration pollTimeout() {
        return settings.batchInterval().compareTo(MAX_POLL) < 0 ? settings.batchInterval() : MAX_POLL;
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        Feed<?> feed = feeds.get(record.topic());
        if (feed == null) {
            throw new IllegalStateException("the sink read " + record.topic() + ", which feeds no table");
        }
        read(feed, record);
    }

    private <R> void read(Feed<R> feed, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        R row;
        try {
            if (record.value() == null) {
                throw new Feed.BadRecord(
                        "tombstone", "the sink cannot delete rows; a " + record.topic() + " record must have a value");
            }
            row = feed.reader().read(key, record.value());
        } catch (Feed.BadRecord e) {
            if (feed.deadLetters()) {
                batch.deadLetter(record, e.reason(), e.getMessage());
            } else {
                log.debug(
                        "Skipped {}-{}@{} ({}), which the aggregation dead-letters: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.reason(),
                        e.getMessage());
            }
            return;
        }
        batch.add(feed, row, record);
    }

    /** @param catchingUp whether the loop is to stop once done: it then writes without the write interval */
    private boolean flushDue(boolean idle, boolean catchingUp) {
        if (batch.rowCount() >= settings.batchRows()) {
            return true;
        }
        boolean pending = !batch.isEmpty() || !offsets.advancedPositions().isEmpty();
        Duration sinceFlush = Duration.ofNanos(System.nanoTime() - lastFlush);
        boolean spaced = catchingUp || sinceFlush.compareTo(settings.writeInterval()) >= 0;
        return pending && spaced && (idle || sinceFlush.compareTo(settings.batchInterval()) >= 0);
    }

    /** Writes the batch and, if asked, commits what is now done with the dead letters read before it. */
    private void flush(boolean commit) throws SinkFailedException {
        if (!writing) {
            return;
        }
        try {
            writer.write(batch);
            Map<TopicPartition, Long> advanced = offsets.advancedPositions();
            batch.clearRows();
            lastFlush = System.nanoTime();
            if (commit) {
                offsets.commit(advanced, batch);
            }
        } catch (SinkFailedException | Abandoned e) {
            writing = false;
            throw e;
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Finish what was read while they were ours, so that their next owner starts after it.
        flushInRebalance(true);
        batch.dropDeadLetters(partitions);
        offsets.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // They belong to another member already, so no commit; writing what was read is still safe, since
        // the warehouse keeps the highest version. Offsets of partitions still ours are committed later.
        flushInRebalance(false);
        batch.dropDeadLetters(partitions);
        offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    private void flushInRebalance(boolean commit) {
        try {
            flush(commit);
        } catch (SinkFailedException e) {
            throw new ListenerFailure(e);
        }
    }

    private SinkFailedException unwrapListenerFailure(KafkaException e) {
        Optional<ListenerFailure> failed = Causes.find(e, ListenerFailure.class);
        if (failed.isPresent()) {
            return failed.get().failure;
        }
        Optional<Abandoned> abandoned = Causes.find(e, Abandoned.class);
        if (abandoned.isPresent()) {
            throw abandoned.get();
        }
        writing = false;
        return new SinkFailedException("cannot read " + feeds.keySet() + ": " + e.getMessage(), e);
    }

    /** Carries a failure out of a rebalance callback, through the consumer's poll. */
    private static final class ListenerFailure extends RuntimeException {
        private final SinkFailedException failure;

        ListenerFailure(SinkFailedException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
