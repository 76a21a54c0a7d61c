package dev.daybook.app.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Cancellable;
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
 * one record per bucket per commit. A wall-clock punctuator forwards and deletes the buffer's contents one commit
 * interval after its first sum, and at once when more than {@value #MAX_BUFFERED_BUCKETS} buckets are waiting. It is
 * scheduled only while the buffer holds sums: Kafka Streams commits a task after each of its wall-clock
 * punctuations, which under exactly-once is a Kafka transaction, so a punctuator left running would make an idle
 * aggregation commit every interval. The processor
 * keeps a copy of the buffer in a map, loaded from the store at start, so that it writes the store but never
 * reads it back: that read (serializing the key, looking it up, deserializing the sum) was half its cost. The map
 * also keeps each bucket's key in the store's binary form ({@link InternalSerdes}), so that a key is serialized
 * once per bucket per interval, not once per transaction; only the sum is serialized for each write.
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
    private final Map<BucketKey, Pending> pending = new LinkedHashMap<>();

    private ProcessorContext<BucketKey, Bucket> context;
    private TimestampedKeyValueStore<Bytes, byte[]> buffer;
    /** The commit interval; zero passes records straight through. */
    private Duration interval;
    /** The next flush, while the buffer holds sums; null while it is empty. */
    private Cancellable scheduledFlush;

    PreAggregationProcessor(int maxBufferedBuckets) {
        this.maxBufferedBuckets = maxBufferedBuckets;
    }

    static ProcessorSupplier<BucketKey, Bucket, BucketKey, Bucket> supplier() {
        StoreBuilder<TimestampedKeyValueStore<Bytes, byte[]>> store =
                bufferStore().withCachingEnabled();
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

    /**
     * The buffer, changelogged, of keys and sums in {@link InternalSerdes}' form, which the processor writes itself;
     * the topology adds the cache that folds updates between commits.
     */
    static StoreBuilder<TimestampedKeyValueStore<Bytes, byte[]>> bufferStore() {
        return Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Bytes(), Serdes.ByteArray());
    }

    @Override
    public void init(ProcessorContext<BucketKey, Bucket> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        try (KeyValueIterator<Bytes, ValueAndTimestamp<byte[]>> restored = buffer.all()) {
            restored.forEachRemaining(entry -> pending.put(
                    InternalSerdes.BUCKET_KEYS.read(entry.key.get()),
                    new Pending(entry.key, InternalSerdes.BUCKETS.read(entry.value.value()), entry.value.timestamp())));
        }
        interval = commitInterval(context.appConfigs());
        if (!interval.isZero() && !pending.isEmpty()) {
            scheduleFlush();
        }
    }

    @Override
    public void process(Record<BucketKey, Bucket> record) {
        if (interval.isZero()) {
            // sums buffered under a non-zero interval before a restart go first
            if (!pending.isEmpty()) {
                flush();
            }
            context.forward(record);
            return;
        }
        Pending held = pending.get(record.key());
        Pending sum = held == null
                ? new Pending(
                        Bytes.wrap(InternalSerdes.BUCKET_KEYS.write(record.key())), record.value(), record.timestamp())
                : new Pending(
                        held.key(), held.sum().plus(record.value()), Math.max(held.timestamp(), record.timestamp()));
        pending.put(record.key(), sum);
        buffer.put(sum.key(), ValueAndTimestamp.make(InternalSerdes.BUCKETS.write(sum.sum()), sum.timestamp()));
        if (pending.size() > maxBufferedBuckets) {
            flush();
        } else if (scheduledFlush == null) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        scheduledFlush = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    private void flush() {
        for (Map.Entry<BucketKey, Pending> entry : pending.entrySet()) {
            Pending sum = entry.getValue();
            context.forward(new Record<>(entry.getKey(), sum.sum(), sum.timestamp()));
            buffer.delete(sum.key());
        }
        pending.clear();
        if (scheduledFlush != null) {
            scheduledFlush.cancel();
            scheduledFlush = null;
        }
    }

    /** A bucket's pending sum, the latest timestamp of what it sums, and its key as the buffer stores it. */
    private record Pending(Bytes key, Bucket sum, long timestamp) {}

    private static Duration commitInterval(Map<String, Object> configs) {
        return Duration.ofMillis(StreamsSettings.configuredLong(configs, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)
                .orElseThrow(() -> new IllegalStateException(
                        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + " must be set (StreamsSettings does)")));
    }
}
