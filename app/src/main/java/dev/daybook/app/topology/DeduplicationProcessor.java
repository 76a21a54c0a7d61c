package dev.daybook.app.topology;

import dev.daybook.schemas.Transaction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a transaction whose event id was first seen at most the horizon ago, in processing (wall-clock)
 * time, whatever its event time. A copy arriving later counts again and starts a new horizon.
 *
 * <p>{@value #SEEN_STORE} maps event id (as its 16 bytes, {@link EventIdKeys}) to first-seen time;
 * {@value #EXPIRY_STORE} indexes the same entries by that time (key: the millis as 8 big-endian bytes, then the
 * id's 16), so that the wall-clock purge reads only the entries that have expired instead of scanning every id.
 *
 * <p>Only {@value #SEEN_STORE} has a changelog: the index is derived from it, and a second changelog
 * record per transaction would double what deduplication writes to Kafka (docs/benchmarks.md). Both stores hold the
 * index's generation under the empty key (no id's bytes are empty): when they disagree, or the index has
 * none, the index does not describe the ids (the local state was lost and {@value #SEEN_STORE} restored
 * from its changelog, or the task ran elsewhere meanwhile) and is rebuilt from {@value #SEEN_STORE} before
 * the first transaction or purge, under a new generation. The purge deletes an id only if it was first
 * seen at the time its index entry says, so an index entry out of date never forgets a newer id.
 *
 * <p>Records must be keyed by their event id: that is what puts all copies of a transaction in the same
 * partition, hence the same store. A record that is not (or has no value) is rejected with an exception,
 * which the processing exception handler sends to the dead-letter topic.
 */
final class DeduplicationProcessor implements Processor<String, Transaction, String, Transaction> {

    static final String SEEN_STORE = "dedup-seen";
    static final String EXPIRY_STORE = "dedup-expiry";
    /** Duplicates dropped are counted in Streams' metrics: group {@code stream-daybook-metrics}, {@code duplicates-total}. */
    static final String METRICS_SCOPE = "daybook";

    static final String METRICS_GROUP = "stream-" + METRICS_SCOPE + "-metrics";
    static final String DUPLICATES_METRIC = "duplicates-total";

    /** Key of the index's generation in both stores. */
    static final Bytes GENERATION = Bytes.wrap(new byte[0]);

    /** The smallest key of an index entry: every one starts with a time, not negative. */
    private static final Bytes FIRST_INDEX_KEY = Bytes.wrap(new byte[Long.BYTES]);

    /** The index's entries carry everything in their key. */
    private static final byte[] NOTHING = new byte[0];

    private static final Logger log = LoggerFactory.getLogger(DeduplicationProcessor.class);

    private final long horizonMs;
    private final Duration purgeInterval;
    private ProcessorContext<String, Transaction> context;
    private final EventIdKeys keys = new EventIdKeys();
    private KeyValueStore<Bytes, Long> seen;
    private KeyValueStore<Bytes, byte[]> expiry;
    private Sensor duplicates;
    private boolean indexChecked;

    private DeduplicationProcessor(Duration horizon, Duration purgeInterval) {
        this.horizonMs = horizon.toMillis();
        this.purgeInterval = purgeInterval;
    }

    static ProcessorSupplier<String, Transaction, String, Transaction> supplier(
            Duration horizon, Duration purgeInterval) {
        StoreBuilder<KeyValueStore<Bytes, Long>> seenStore =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE), Serdes.Bytes(), Serdes.Long());
        StoreBuilder<KeyValueStore<Bytes, byte[]>> expiryStore = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EXPIRY_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Transaction, String, Transaction> get() {
                return new DeduplicationProcessor(horizon, purgeInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(seenStore, expiryStore);
            }
        };
    }

    /** Also called again on the same instance when Kafka Streams revives a task whose state it wiped. */
    @Override
    public void init(ProcessorContext<String, Transaction> context) {
        this.context = context;
        this.seen = context.getStateStore(SEEN_STORE);
        this.expiry = context.getStateStore(EXPIRY_STORE);
        this.indexChecked = false;
        // one sensor per stream thread, shared by its tasks: its count only grows while the thread lives
        this.duplicates = context.metrics()
                .addRateTotalSensor(METRICS_SCOPE, "deduplicate", "duplicates", Sensor.RecordingLevel.INFO);
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, Transaction> record) {
        Transaction transaction = record.value();
        if (transaction == null) {
            throw new IllegalArgumentException("a transactions record must have a value (key " + record.key() + ")");
        }
        String eventId = transaction.eventId();
        if (!eventId.equals(record.key())) {
            throw new IllegalArgumentException(
                    "a transactions record must be keyed by its event_id " + eventId + ", not " + record.key());
        }
        requireIndex();
        long now = context.currentSystemTimeMs();
        Bytes id = keys.of(eventId);
        Long firstSeen = seen.get(id);
        if (firstSeen != null && now - firstSeen <= horizonMs) {
            duplicates.record();
            return;
        }
        if (firstSeen != null) {
            expiry.delete(expiryKey(firstSeen, id));
        }
        seen.put(id, now);
        expiry.put(expiryKey(now, id), NOTHING);
        context.forward(record);
    }

    private void purge(long now) {
        requireIndex();
        // keys of entries first seen strictly before the cutoff sort before the bare cutoff, a prefix of the keys of
        // those first seen at the cutoff
        Bytes cutoff = Bytes.wrap(ByteBuffer.allocate(Long.BYTES)
                .putLong(Math.max(0, now - horizonMs))
                .array());
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = expiry.range(FIRST_INDEX_KEY, cutoff)) {
            entries.forEachRemaining(entry -> expired.add(entry.key));
        }
        for (Bytes key : expired) {
            expiry.delete(key);
            long time = ByteBuffer.wrap(key.get()).getLong();
            Bytes id = Bytes.wrap(Arrays.copyOfRange(key.get(), Long.BYTES, key.get().length));
            Long firstSeen = seen.get(id);
            if (firstSeen != null && firstSeen == time) {
                seen.delete(id);
            }
        }
    }

    /** Rebuilds the index if it does not belong to the ids; done in the first process or purge, where stores may be written. */
    private void requireIndex() {
        if (indexChecked) {
            return;
        }
        Long generation = seen.get(GENERATION);
        byte[] indexGeneration = expiry.get(GENERATION);
        if (generation == null
                || indexGeneration == null
                || indexGeneration.length != Long.BYTES
                || ByteBuffer.wrap(indexGeneration).getLong() != generation) {
            rebuildIndex();
        }
        indexChecked = true;
    }

    private void rebuildIndex() {
        long started = System.nanoTime();
        try (KeyValueIterator<Bytes, byte[]> stale = expiry.all()) {
            stale.forEachRemaining(entry -> expiry.delete(entry.key));
        }
        long ids = 0;
        try (KeyValueIterator<Bytes, Long> entries = seen.all()) {
            while (entries.hasNext()) {
                KeyValue<Bytes, Long> entry = entries.next();
                if (!entry.key.equals(GENERATION)) {
                    expiry.put(expiryKey(entry.value, entry.key), NOTHING);
                    ids++;
                }
            }
        }
        long generation = ThreadLocalRandom.current().nextLong();
        seen.put(GENERATION, generation);
        expiry.put(
                GENERATION, ByteBuffer.allocate(Long.BYTES).putLong(generation).array());
        if (ids > 0) {
            log.info(
                    "Task {}: indexed the {} deduplication ids by time in {} ms",
                    context.taskId(),
                    ids,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    static Bytes expiryKey(long time, Bytes id) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.get().length)
                .putLong(time)
                .put(id.get())
                .array());
    }
}
