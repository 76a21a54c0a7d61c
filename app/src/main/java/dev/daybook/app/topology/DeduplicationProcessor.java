package dev.daybook.app.topology;

import dev.daybook.schemas.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
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
 * <p>{@value #SEEN_STORE} maps event id to first-seen time; {@value #EXPIRY_STORE} indexes the same
 * entries by that time (key: 19-digit zero-padded millis, then the event id), so that the wall-clock
 * purge reads only the entries that have expired instead of scanning every id.
 *
 * <p>Only {@value #SEEN_STORE} has a changelog: the index is derived from it, and a second changelog
 * record per transaction would double what deduplication writes to Kafka (docs/benchmarks.md). Both stores hold the
 * index's generation under the empty key (no event id is empty): when they disagree, or the index has
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
    static final String GENERATION = "";

    private static final int TIME_WIDTH = 19;
    /** The smallest key of an index entry: every one starts with the padded time. */
    private static final String FIRST_INDEX_KEY = "0";

    private static final Logger log = LoggerFactory.getLogger(DeduplicationProcessor.class);

    private final long horizonMs;
    private final Duration purgeInterval;
    private ProcessorContext<String, Transaction> context;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, String> expiry;
    private Sensor duplicates;
    private boolean indexChecked;

    private DeduplicationProcessor(Duration horizon, Duration purgeInterval) {
        this.horizonMs = horizon.toMillis();
        this.purgeInterval = purgeInterval;
    }

    static ProcessorSupplier<String, Transaction, String, Transaction> supplier(
            Duration horizon, Duration purgeInterval) {
        StoreBuilder<KeyValueStore<String, Long>> seenStore =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long());
        StoreBuilder<KeyValueStore<String, String>> expiryStore = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EXPIRY_STORE), Serdes.String(), Serdes.String())
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

    @Override
    public void init(ProcessorContext<String, Transaction> context) {
        this.context = context;
        this.seen = context.getStateStore(SEEN_STORE);
        this.expiry = context.getStateStore(EXPIRY_STORE);
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
        Long firstSeen = seen.get(eventId);
        if (firstSeen != null && now - firstSeen <= horizonMs) {
            duplicates.record();
            return;
        }
        if (firstSeen != null) {
            expiry.delete(expiryKey(firstSeen, eventId));
        }
        seen.put(eventId, now);
        expiry.put(expiryKey(now, eventId), "");
        context.forward(record);
    }

    private void purge(long now) {
        requireIndex();
        // keys of entries first seen strictly before the cutoff sort at or before the bare padded cutoff
        String cutoff = paddedTime(Math.max(0, now - horizonMs));
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = expiry.range(FIRST_INDEX_KEY, cutoff)) {
            entries.forEachRemaining(entry -> expired.add(entry.key));
        }
        for (String key : expired) {
            expiry.delete(key);
            String eventId = key.substring(TIME_WIDTH);
            Long firstSeen = seen.get(eventId);
            if (firstSeen != null && firstSeen == Long.parseLong(key, 0, TIME_WIDTH, 10)) {
                seen.delete(eventId);
            }
        }
    }

    /** Rebuilds the index if it does not belong to the ids; done in the first process or purge, where stores may be written. */
    private void requireIndex() {
        if (indexChecked) {
            return;
        }
        Long generation = seen.get(GENERATION);
        if (generation == null || !generation.toString().equals(expiry.get(GENERATION))) {
            rebuildIndex();
        }
        indexChecked = true;
    }

    private void rebuildIndex() {
        long started = System.nanoTime();
        try (KeyValueIterator<String, String> stale = expiry.all()) {
            stale.forEachRemaining(entry -> expiry.delete(entry.key));
        }
        long ids = 0;
        try (KeyValueIterator<String, Long> entries = seen.all()) {
            while (entries.hasNext()) {
                KeyValue<String, Long> entry = entries.next();
                if (!entry.key.equals(GENERATION)) {
                    expiry.put(expiryKey(entry.value, entry.key), "");
                    ids++;
                }
            }
        }
        long generation = ThreadLocalRandom.current().nextLong();
        seen.put(GENERATION, generation);
        expiry.put(GENERATION, Long.toString(generation));
        if (ids > 0) {
            log.info(
                    "Task {}: indexed the {} deduplication ids by time in {} ms",
                    context.taskId(),
                    ids,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static String expiryKey(long time, String eventId) {
        return paddedTime(time) + eventId;
    }

    private static String paddedTime(long time) {
        String digits = Long.toString(time);
        return "0".repeat(TIME_WIDTH - digits.length()) + digits;
    }
}
