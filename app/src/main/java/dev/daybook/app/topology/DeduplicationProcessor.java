package dev.daybook.app.topology;

import dev.daybook.schemas.Transaction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
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
 * <p>{@value #LOG_STORE} is the record of what was admitted: the ids in batches, each id with its first-seen
 * time, in time order ({@link SeenBatch}), behind Streams' record cache. The open batch is written again with each
 * id it gains, to the cache only; Kafka Streams writes it to RocksDB and to the changelog when it commits, so the
 * changelog gets one record per batch and commit instead of one per transaction, and nothing admitted goes
 * uncommitted (docs/benchmarks.md). A batch closes when full or at a purge, and is deleted whole once its last id
 * is older than the horizon.
 *
 * <p>{@value #SEEN_STORE} maps each id (as its 16 bytes, {@link EventIdKeys}) to its first-seen time, for the
 * lookup. It has no changelog: it is derived from {@value #LOG_STORE}. Both stores hold a generation under the empty
 * key (no id's bytes are empty): when they disagree, or either has none, {@value #SEEN_STORE} does not describe
 * the log (the local state was lost and the log restored from its changelog, the task ran elsewhere meanwhile, or
 * the process stopped before its last ids were committed) and is rebuilt from the log, under a new generation,
 * before the first transaction or purge. Under exactly-once, Kafka Streams wipes a task's whole state directory
 * when it stops uncleanly, so {@value #SEEN_STORE} never keeps an id whose transaction was rolled back. The purge
 * forgets an id only if it was first seen at the time its batch says, so a batch out of date never forgets a
 * newer sighting.
 *
 * <p>Records must be keyed by their event id: that is what puts all copies of a transaction in the same
 * partition, hence the same store. A record that is not (or has no value) is rejected with an exception,
 * which the processing exception handler sends to the dead-letter topic.
 */
final class DeduplicationProcessor implements Processor<String, Transaction, String, Transaction> {

    static final String SEEN_STORE = "dedup-seen";
    static final String LOG_STORE = "dedup-log";
    /** Duplicates dropped are counted in Streams' metrics: group {@code stream-daybook-metrics}, {@code duplicates-total}. */
    static final String METRICS_SCOPE = "daybook";

    static final String METRICS_GROUP = "stream-" + METRICS_SCOPE + "-metrics";
    static final String DUPLICATES_METRIC = "duplicates-total";

    /** Key of the generation in both stores. */
    static final Bytes GENERATION = Bytes.wrap(new byte[0]);

    /**
     * Ids per batch of the log while the record cache is on; each id's put copies its batch. Without the cache
     * (statestore.cache.max.bytes=0) every put reaches the changelog, so a batch holds one id.
     */
    static final int BATCH_IDS = 64;

    /** The smallest key of a batch: every one starts with a time, not negative; the generation's sorts before it. */
    private static final Bytes FIRST_BATCH_KEY = SeenBatch.startingAt(0);

    private static final Logger log = LoggerFactory.getLogger(DeduplicationProcessor.class);

    private final long horizonMs;
    private final Duration purgeInterval;
    private final EventIdKeys keys = new EventIdKeys();
    private ProcessorContext<String, Transaction> context;
    private KeyValueStore<Bytes, Long> seen;
    private KeyValueStore<Bytes, byte[]> batches;
    private Sensor duplicates;
    private boolean seenChecked;
    private SeenBatch open;
    private int batchIds;

    private DeduplicationProcessor(Duration horizon, Duration purgeInterval) {
        this.horizonMs = horizon.toMillis();
        this.purgeInterval = purgeInterval;
    }

    static ProcessorSupplier<String, Transaction, String, Transaction> supplier(
            Duration horizon, Duration purgeInterval) {
        StoreBuilder<KeyValueStore<Bytes, Long>> seenStore = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SEEN_STORE), Serdes.Bytes(), Serdes.Long())
                .withLoggingDisabled();
        StoreBuilder<KeyValueStore<Bytes, byte[]>> logStore = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LOG_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Transaction, String, Transaction> get() {
                return new DeduplicationProcessor(horizon, purgeInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(seenStore, logStore);
            }
        };
    }

    /** Also called again on the same instance when Kafka Streams revives a task whose state it wiped. */
    @Override
    public void init(ProcessorContext<String, Transaction> context) {
        this.context = context;
        this.seen = context.getStateStore(SEEN_STORE);
        this.batches = context.getStateStore(LOG_STORE);
        this.seenChecked = false;
        this.open = null;
        boolean recordCacheOn = StreamsSettings.configuredLong(
                        context.appConfigs(), StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)
                .map(bytes -> bytes > 0)
                .orElse(true);
        this.batchIds = recordCacheOn ? BATCH_IDS : 1;
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
        requireSeen();
        long now = context.currentSystemTimeMs();
        Bytes id = keys.of(eventId);
        Long firstSeen = seen.get(id);
        if (firstSeen != null && now - firstSeen <= horizonMs) {
            duplicates.record();
            return;
        }
        seen.put(id, now);
        if (open == null || open.full()) {
            open = new SeenBatch(id, now, batchIds);
        } else {
            open.add(id, now);
        }
        batches.put(open.key(), open.value());
        context.forward(record);
    }

    private void purge(long now) {
        requireSeen();
        open = null;
        long cutoff = now - horizonMs;
        List<KeyValue<Bytes, byte[]>> expired = new ArrayList<>();
        // batches starting at the cutoff or later hold no expired id; of those before, only the ones whose last id
        // expired go
        try (KeyValueIterator<Bytes, byte[]> entries =
                batches.range(FIRST_BATCH_KEY, SeenBatch.startingAt(Math.max(0, cutoff)))) {
            entries.forEachRemaining(entry -> {
                if (SeenBatch.latest(entry.value) < cutoff) {
                    expired.add(entry);
                }
            });
        }
        for (KeyValue<Bytes, byte[]> batch : expired) {
            SeenBatch.forEach(batch.value, (id, time) -> {
                Long firstSeen = seen.get(id);
                if (firstSeen != null && firstSeen == time) {
                    seen.delete(id);
                }
            });
            batches.delete(batch.key);
        }
    }

    /** Rebuilds the ids' lookup if it does not belong to the log; done in the first process or purge, where stores may be written. */
    private void requireSeen() {
        if (seenChecked) {
            return;
        }
        Long generation = seen.get(GENERATION);
        byte[] logGeneration = batches.get(GENERATION);
        if (generation == null
                || logGeneration == null
                || logGeneration.length != Long.BYTES
                || ByteBuffer.wrap(logGeneration).getLong() != generation) {
            rebuildSeen();
        }
        seenChecked = true;
    }

    private void rebuildSeen() {
        long started = System.nanoTime();
        try (KeyValueIterator<Bytes, Long> stale = seen.all()) {
            stale.forEachRemaining(entry -> seen.delete(entry.key));
        }
        long ids = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = batches.range(FIRST_BATCH_KEY, null)) {
            while (entries.hasNext()) {
                byte[] batch = entries.next().value;
                SeenBatch.forEach(batch, (id, time) -> {
                    Long held = seen.get(id);
                    if (held == null || held < time) {
                        seen.put(id, time);
                    }
                });
                ids += SeenBatch.size(batch);
            }
        }
        long generation = ThreadLocalRandom.current().nextLong();
        seen.put(GENERATION, generation);
        batches.put(
                GENERATION, ByteBuffer.allocate(Long.BYTES).putLong(generation).array());
        if (ids > 0) {
            log.info(
                    "Task {}: rebuilt the lookup of {} deduplication ids from their log in {} ms",
                    context.taskId(),
                    ids,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
