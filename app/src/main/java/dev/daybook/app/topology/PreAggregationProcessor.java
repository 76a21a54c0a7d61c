package dev.daybook.app.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Sums a task's partial bucket sums for one commit interval before they cross {@code bucket-repartition}, so
 * that a busy bucket sends one record per interval instead of one per transaction.
 *
 * <p>The pending sums live in {@value #BUFFER_STORE}, an in-memory store with a cache and a changelog, not in
 * a plain map: Kafka Streams may commit the input offsets at any moment (the commit interval, a rebalance, a
 * shutdown), and at that moment every processed transaction must be either forwarded or in the buffer's
 * changelog, both written in the same Kafka transaction as the offsets. A crash then loses nothing and counts
 * nothing twice: the restored buffer holds exactly the sums not yet forwarded. The cache keeps the changelog to
 * one record per bucket per commit. A wall-clock punctuator forwards and deletes the buffer's contents every
 * commit interval, and at once when more than {@value #MAX_BUFFERED_BUCKETS} buckets are waiting. The processor
 * keeps a copy of the buffer in a map, loaded from the store at start, so that it writes the store but never
 * reads it back: that read (serializing the key, looking it up, deserializing the sum) was half its cost.
 *
 * <p>With a commit interval of zero (every record committed, as in {@code TopologyTestDriver}) there is nothing
 * to gain, and records pass straight through. Forwarded sums carry the latest timestamp of what they sum, like
 * the aggregation downstream.
 */
final class PreAggregationProcessor implements Processor<BucketKey, Bucket, BucketKey, Bucket> {

    static final String BUFFER_STORE = "bucket-buffer";
    static final int MAX_BUFFERED_BUCKETS = 10_000;

    private final int maxBufferedBuckets;
    /** The buffer's contents, in the order the buckets first arrived. */
    private final Map<BucketKey, ValueAndTimestamp<Bucket>> pending = new LinkedHashMap<>();
    private ProcessorContext<BucketKey, Bucket> context;
    private TimestampedKeyValueStore<BucketKey, Bucket> buffer;
    private boolean passThrough;

    PreAggregationProcessor(int maxBufferedBuckets) {
        this.maxBufferedBuckets = maxBufferedBuckets;
    }

    static ProcessorSupplier<BucketKey, Bucket, BucketKey, Bucket> supplier() {
        StoreBuilder<TimestampedKeyValueStore<BucketKey, Bucket>> store = bufferStore().withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<BucketKey, Bucket, BucketKey, Bucket> get() {
                return new PreAggregationProcessor(MAX_BUFFERED_BUCKETS);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    /** The buffer, changelogged; the topology adds the cache that folds updates between commits. */
    static StoreBuilder<TimestampedKeyValueStore<BucketKey, Bucket>> bufferStore() {
        return Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUFFER_STORE),
                BufferSerdes.keys(), BufferSerdes.buckets());
    }

    @Override
    public void init(ProcessorContext<BucketKey, Bucket> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        try (KeyValueIterator<BucketKey, ValueAndTimestamp<Bucket>> restored = buffer.all()) {
            restored.forEachRemaining(entry -> pending.put(entry.key, entry.value));
        }
        Duration interval = commitInterval(context.appConfigs());
        passThrough = interval.isZero();
        if (!passThrough) {
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }
    }

    @Override
    public void process(Record<BucketKey, Bucket> record) {
        if (passThrough) {
            // sums buffered under a non-zero interval before a restart go first
            if (!pending.isEmpty()) {
                flush();
            }
            context.forward(record);
            return;
        }
        ValueAndTimestamp<Bucket> held = pending.get(record.key());
        ValueAndTimestamp<Bucket> sum = held == null
                ? ValueAndTimestamp.make(record.value(), record.timestamp())
                : ValueAndTimestamp.make(held.value().plus(record.value()), Math.max(held.timestamp(), record.timestamp()));
        pending.put(record.key(), sum);
        buffer.put(record.key(), sum);
        if (pending.size() > maxBufferedBuckets) {
            flush();
        }
    }

    private void flush() {
        for (Map.Entry<BucketKey, ValueAndTimestamp<Bucket>> entry : pending.entrySet()) {
            context.forward(new Record<>(entry.getKey(), entry.getValue().value(), entry.getValue().timestamp()));
            buffer.delete(entry.getKey());
        }
        pending.clear();
    }

    private static Duration commitInterval(Map<String, Object> configs) {
        Object value = configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (value == null) {
            throw new IllegalStateException(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + " must be set (StreamsSettings does)");
        }
        return Duration.ofMillis(value instanceof Number number ? number.longValue() : Long.parseLong(value.toString()));
    }
}
