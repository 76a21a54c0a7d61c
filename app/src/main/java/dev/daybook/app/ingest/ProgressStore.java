package dev.daybook.app.ingest;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed progress of every object version: the {@link ProgressIndex}, brought up to date from the compacted
 * {@code ingest-progress} topic at start and kept up to date by the workers as their transactions commit.
 *
 * <p>Two lookups: by object id (the record key) and by content, {@code (uri, fingerprint)}, so that a new version of
 * an object with the same content as one ingested before is recognised. Thread-safe.
 */
final class ProgressStore {

    private static final Logger log = LoggerFactory.getLogger(ProgressStore.class);
    private static final int OFFSETS_EVERY = 1_000;

    private final ProgressIndex index;
    /**
     * The object versions that failed, or were read again after failing, since {@link #load}: a version that was
     * FAILED when the progress was loaded may be retried once, one that fails in this process is not.
     */
    private final Set<String> failedHere = new HashSet<>();

    ProgressStore(ProgressIndex index) {
        this.index = index;
    }

    /**
     * Brings the index up to date at start: reads the topic from where the index stands (from the beginning when it
     * is new or was built from another topic) to its last stable offsets, committed records only. Call it after the
     * ingester's producers have initialised their transactions and {@link HangingIngestTransactions} has ended what
     * Kafka left open of them, so that no transaction of an earlier run of theirs is still open.
     *
     * @return how many records were read
     */
    long load(KafkaSettings kafka, Duration timeout) {
        String topic = index.topic().name();
        try {
            index.bindTo(topicId(kafka, topic, timeout));
        } catch (KafkaException e) {
            throw IngestFailedException.cannotRead(topic, e);
        }
        return catchUp(kafka, timeout);
    }

    /**
     * Reads what was committed to the topic since the index was last brought up to date: at start, and at a clean
     * stop, so that the next start has only what others wrote meanwhile to read, not this process's own records.
     *
     * @return how many records were read
     */
    long catchUp(KafkaSettings kafka, Duration timeout) {
        String topic = index.topic().name();
        long started = System.nanoTime();
        long records;
        try {
            Map<Integer, Long> next = new HashMap<>();
            AtomicLong applied = new AtomicLong();
            records = CommittedRecords.readFrom(kafka, topic, index.offsets(), timeout, record -> {
                read(record);
                next.put(record.partition(), record.offset() + 1);
                // The offsets go after the records they cover, now and then: a record applied twice is harmless.
                if (applied.incrementAndGet() % OFFSETS_EVERY == 0) {
                    next.forEach(index::readUpTo);
                }
            });
            next.forEach(index::readUpTo);
        } catch (KafkaException e) {
            throw IngestFailedException.cannotRead(topic, e);
        }
        log.info(
                "Brought the ingest progress index up to date with {} records of {} in {} ms",
                records,
                topic,
                (System.nanoTime() - started) / 1_000_000);
        return records;
    }

    private static String topicId(KafkaSettings kafka, String topic, Duration timeout) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .topicId()
                    .toString();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafkaException
                    ? kafkaException
                    : new KafkaException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("describing " + topic + " took longer than " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        try {
            index.apply(CommittedRecords.key(record), record.value());
        } catch (RuntimeException e) {
            log.warn(
                    "Ignoring a progress record that is not valid ({}-{}@{}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    /** Takes in the progress a worker has just committed. */
    synchronized void putAll(Collection<IngestProgress> committed) {
        index.putAll(committed);
        committed.stream()
                .filter(progress -> progress.state() == IngestProgress.State.FAILED)
                .forEach(progress -> failedHere.add(progress.objectId()));
    }

    /**
     * Whether and from where to read an object version:
     * <ul>
     *   <li>finished before (DONE or FAILED, same content): skip; but with {@code retryFailed}, a version that was
     *       FAILED when the progress was loaded is read once more from where it failed;</li>
     *   <li>an earlier version of the same URI with the same content is DONE: skip;</li>
     *   <li>this version, or one of the same URI with the same content, is part-read: resume where the
     *       furthest of them stopped (same content, so the same byte offsets);</li>
     *   <li>otherwise read it from the start.</li>
     * </ul>
     */
    synchronized ObjectPlan plan(String source, SourceObject object, Instant now, boolean retryFailed) {
        IngestProgress own = index.byId(object.id());
        boolean sameVersion = own != null && own.fingerprint().equals(object.fingerprint());
        boolean retry = sameVersion
                && own.state() == IngestProgress.State.FAILED
                && retryFailed
                && failedHere.add(own.objectId());
        if (sameVersion && own.finished() && !retry) {
            return new ObjectPlan.Skip(
                    own.state() == IngestProgress.State.DONE
                            ? "already ingested"
                            : "failed before (" + own.reason() + ")"
                                    + (retryFailed ? ", and retried once already" : ""));
        }
        IngestProgress same = index.byContent(object.uri(), object.fingerprint());
        if (same != null && same.state() == IngestProgress.State.DONE) {
            return new ObjectPlan.Skip("same content as " + same.objectId() + ", already ingested");
        }
        if (retry && (same == null || same.byteOffset() < own.byteOffset())) {
            // The rows before the failure were committed with it: go on after them.
            same = own;
        }
        // Resume where this content was read furthest, but count only what this version itself wrote (in earlier
        // runs): the latest records of all versions then add up to every row written, each once.
        IngestProgress counted = own != null
                ? own
                : IngestProgress.start(
                        source, object.id(), object.uri(), object.generation(), object.fingerprint(), now);
        return new ObjectPlan.Read(
                new IngestProgress(
                        source,
                        object.id(),
                        object.uri(),
                        object.generation(),
                        object.fingerprint(),
                        IngestProgress.State.IN_PROGRESS,
                        same == null ? 0 : same.byteOffset(),
                        same == null ? 0 : same.linesDone(),
                        counted.rows(),
                        counted.transactions(),
                        counted.skipped(),
                        counted.malformed(),
                        counted.amountDisagreements(),
                        counted.amountUnchecked(),
                        null,
                        null,
                        now),
                retry ? own : null);
    }
}
