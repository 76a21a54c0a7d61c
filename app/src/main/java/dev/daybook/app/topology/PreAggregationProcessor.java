package dev.daybook.app.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
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
 * commit interval, and at once when more than {@value #MAX_BUFFERED_BUCKETS} buckets are waiting.
 *
 * <p>With a commit interval of zero (every record committed, as in {@code TopologyTestDriver}) there is nothing
 * to gain, and records pass straight through. Forwarded sums carry the latest timestamp of what they sum, like
 * the aggregation downstream.
 */
final class PreAggregationProcessor implements Processor<BucketKey, Bucket, BucketKey, Bucket> {

    static final String BUFFER_STORE = "bucket-buffer";
    static final int MAX_BUFFERED_BUCKETS = 10_000;

    private final int maxBufferedBuckets;
    private ProcessorContext<BucketKey, Bucket> context;
    private TimestampedKeyValueStore<BucketKey, Bucket> buffer;
    private boolean passThrough;
    /** Whether the buffer may hold sums, e.g. restored ones, that a pass-through processor must forward first. */
    private boolean maybeBuffered = true;
    private int newBucketsSinceFlush;

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
        Duration interval = commitInterval(context.appConfigs());
        passThrough = interval.isZero();
        if (!passThrough) {
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }
    }

    @Override
    public void process(Record<BucketKey, Bucket> record) {
        if (passThrough) {
            if (maybeBuffered) {
                flush();
                maybeBuffered = false;
            }
            context.forward(record);
            return;
        }
        ValueAndTimestamp<Bucket> pending = buffer.get(record.key());
        if (pending == null) {
            buffer.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            if (++newBucketsSinceFlush > maxBufferedBuckets) {
                flush();
            }
        } else {
            buffer.put(record.key(), ValueAndTimestamp.make(pending.value().plus(record.value()),
                    Math.max(pending.timestamp(), record.timestamp())));
        }
    }

    private void flush() {
        List<KeyValue<BucketKey, ValueAndTimestamp<Bucket>>> pending = new ArrayList<>();
        try (KeyValueIterator<BucketKey, ValueAndTimestamp<Bucket>> entries = buffer.all()) {
            entries.forEachRemaining(pending::add);
        }
        for (KeyValue<BucketKey, ValueAndTimestamp<Bucket>> entry : pending) {
            context.forward(new Record<>(entry.key, entry.value.value(), entry.value.timestamp()));
            buffer.delete(entry.key);
        }
        newBucketsSinceFlush = 0;
    }

    private static Duration commitInterval(Map<String, Object> configs) {
        Object value = configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (value == null) {
            throw new IllegalStateException(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + " must be set (StreamsSettings does)");
        }
        return Duration.ofMillis(value instanceof Number number ? number.longValue() : Long.parseLong(value.toString()));
    }
}
