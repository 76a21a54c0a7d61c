package dev.daybook.app.ingest;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed progress of every object version, rebuilt from the compacted {@code ingest-progress}
 * topic at start and kept up to date by the workers as their transactions commit.
 *
 * <p>Two indexes: by object id (the record key) and by content, {@code (uri, fingerprint)}, so that a new
 * version of an object with the same content as one ingested before is recognised. The content index is
 * kept in memory only, built from the same records: no second record type is needed, since every record
 * carries its uri and fingerprint. Thread-safe.
 */
final class ProgressStore {

    private static final Logger log = LoggerFactory.getLogger(ProgressStore.class);

    private final Map<String, IngestProgress> byId = new HashMap<>();
    /** Per (uri, fingerprint): the version furthest along, DONE before IN_PROGRESS; FAILED ones are not content facts. */
    private final Map<String, IngestProgress> byContent = new HashMap<>();
    /** The object versions that were FAILED when the topic was loaded and may be retried once. */
    private final Set<String> retriable = new HashSet<>();

    /**
     * Reads the topic from the beginning to its last stable offsets, committed records only. Call it after
     * the ingester's producers have initialised their transactions and {@link HangingIngestTransactions} has
     * ended what Kafka left open of them, so that no transaction of an earlier run of theirs is still open.
     */
    void load(KafkaSettings kafka, Topic<String, IngestProgress> topic, Duration timeout) {
        long started = System.nanoTime();
        long records;
        try {
            records = CommittedRecords.read(kafka, topic.name(), timeout, record -> read(topic, record));
        } catch (KafkaException e) {
            throw IngestFailedException.cannotRead(topic.name(), e);
        }
        log.info(
                "Read {} progress records of {} object versions from {} in {} ms",
                records,
                size(),
                topic.name(),
                (System.nanoTime() - started) / 1_000_000);
        synchronized (this) {
            byId.values().stream()
                    .filter(progress -> progress.state() == IngestProgress.State.FAILED)
                    .forEach(progress -> retriable.add(progress.objectId()));
        }
    }

    private void read(Topic<String, IngestProgress> topic, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                remove(key);
            }
            return;
        }
        try {
            put(topic.deserializeValue(record.value()));
        } catch (RuntimeException e) {
            log.warn(
                    "Ignoring a progress record that is not valid ({}-{}@{}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    synchronized void put(IngestProgress progress) {
        byId.put(progress.objectId(), progress);
        if (progress.state() != IngestProgress.State.FAILED) {
            byContent.merge(contentKey(progress.uri(), progress.fingerprint()), progress, ProgressStore::furthest);
        }
    }

    private synchronized void remove(String objectId) {
        byId.remove(objectId);
    }

    private static IngestProgress furthest(IngestProgress a, IngestProgress b) {
        if (a.state() != b.state()) {
            return a.state() == IngestProgress.State.DONE ? a : b;
        }
        return b.byteOffset() >= a.byteOffset() ? b : a;
    }

    synchronized int size() {
        return byId.size();
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
        IngestProgress own = byId.get(object.id());
        boolean sameVersion = own != null && own.fingerprint().equals(object.fingerprint());
        boolean retry = sameVersion
                && own.state() == IngestProgress.State.FAILED
                && retryFailed
                && retriable.remove(own.objectId());
        if (sameVersion && own.finished() && !retry) {
            return new ObjectPlan.Skip(
                    own.state() == IngestProgress.State.DONE
                            ? "already ingested"
                            : "failed before (" + own.reason() + ")"
                                    + (retryFailed ? ", and retried once already" : ""));
        }
        IngestProgress same = byContent.get(contentKey(object.uri(), object.fingerprint()));
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

    /** The latest committed progress of every object version. */
    synchronized List<IngestProgress> latest() {
        return List.copyOf(byId.values());
    }

    private static String contentKey(String uri, String fingerprint) {
        return uri + '\n' + fingerprint;
    }
}
