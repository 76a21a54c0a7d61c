package dev.daybook.app.topology;

import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The daily-volume topology: transactions, deduplicated, summed per (day, project, currency) bucket,
 * each bucket joined by foreign key to its token and then to its coin's rate for that day, and the
 * priced buckets summed per (day, project) into {@code daily-volume}. Each priced bucket is also versioned, by the
 * same summing, into {@code daily-currency-volume}, whose rows therefore add up to daily-volume's. Nothing is windowed, so a
 * transaction counts in its UTC day however late it arrives, and a token or rate that arrives or
 * changes later re-prices every bucket that uses it. See docs/topology.md.
 *
 * <p>Every processor, store and internal topic has an explicit name, so that the topology can change
 * without silently renaming (hence losing) state.
 */
public final class DailyVolumeTopology {

    static final String TOKENS_STORE = "tokens";
    static final String RATES_STORE = "rates";
    static final String BUCKETS_STORE = "buckets";
    static final String CURRENCY_BUCKETS_STORE = "currency-buckets";
    static final String CONTRIBUTIONS_STORE = "contributions";
    static final String DAILY_TOTALS_STORE = "daily-totals";
    static final String CURRENCY_TOTALS_STORE = "currency-daily-totals";
    /** The keys of {@code daily-totals}, which a query must serialize as the topology does to find their partition. */
    static final Serde<DayProject> DAY_PROJECTS = InternalSerdes.DAY_PROJECTS;

    private DailyVolumeTopology() {}

    /** How many duplicate transactions the topology dropped, from a Kafka Streams instance's {@code metrics()}. */
    public static long duplicatesDropped(Map<MetricName, ? extends Metric> streamsMetrics) {
        return Math.round(streamsMetrics.entrySet().stream()
                .filter(metric -> metric.getKey().group().equals(DeduplicationProcessor.METRICS_GROUP)
                        && metric.getKey().name().equals(DeduplicationProcessor.DUPLICATES_METRIC))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum());
    }

    /**
     * Whether a Kafka Streams instance's pre-aggregation holds no sums still to forward; false while it cannot
     * tell (not running yet, or restoring).
     */
    public static boolean nothingBuffered(KafkaStreams streams) {
        try {
            return holdsNothing(streams.store(StoreQueryParameters.fromNameAndType(
                    PreAggregationProcessor.BUFFER_STORE, QueryableStoreTypes.timestampedKeyValueStore())));
        } catch (InvalidStateStoreException notQueryable) {
            return false;
        }
    }

    /** Whether {@code buffer} holds no sums; false when a stream thread changed it while this looked. */
    static boolean holdsNothing(ReadOnlyKeyValueStore<Bytes, ValueAndTimestamp<byte[]>> buffer) {
        try (KeyValueIterator<Bytes, ValueAndTimestamp<byte[]>> sums = buffer.all()) {
            return !sums.hasNext();
        } catch (NoSuchElementException deletedMeanwhile) {
            // Streams' iterator over an in-memory store finds its next entry in two steps, and throws when the stream
            // thread deletes that entry between them, as the pre-aggregation does when it forwards its sums
            return false;
        }
    }

    public static Topology build(DailyVolumeConfig config) {
        TopicCatalogue topics = config.topics();
        Serde<BucketKey> bucketKeys = InternalSerdes.BUCKET_KEYS;
        Serde<Bucket> buckets = InternalSerdes.BUCKETS;
        Serde<Contribution> contributions = InternalSerdes.CONTRIBUTIONS;

        StreamsBuilder builder = new StreamsBuilder();

        KTable<String, Token> tokens = builder.table(
                topics.tokens().name(),
                Consumed.with(topics.tokens().keySerde(), topics.tokens().valueSerde())
                        .withName("tokens-source"),
                Materialized.<String, Token, KeyValueStore<Bytes, byte[]>>as(TOKENS_STORE));
        KTable<String, Rate> rates = builder.table(
                topics.rates().name(),
                Consumed.with(topics.rates().keySerde(), topics.rates().valueSerde())
                        .withName("rates-source"),
                Materialized.<String, Rate, KeyValueStore<Bytes, byte[]>>as(RATES_STORE));

        KTable<BucketKey, Bucket> bucketTable = builder.stream(
                        topics.transactions().name(),
                        Consumed.with(
                                        topics.transactions().keySerde(),
                                        topics.transactions().valueSerde())
                                .withName("transactions-source"))
                .process(
                        DeduplicationProcessor.supplier(config.dedupHorizon(), config.dedupPurgeInterval()),
                        Named.as("deduplicate"))
                .map(
                        (eventId, transaction) -> KeyValue.pair(BucketKey.of(transaction), Bucket.of(transaction)),
                        Named.as("to-bucket"))
                .process(PreAggregationProcessor.supplier(), Named.as("pre-aggregate"))
                .groupByKey(Grouped.with("bucket", bucketKeys, buckets))
                .aggregate(
                        () -> Bucket.EMPTY,
                        (key, partial, sum) -> sum.plus(partial),
                        Named.as("sum-bucket"),
                        Materialized.<BucketKey, Bucket, KeyValueStore<Bytes, byte[]>>as(BUCKETS_STORE)
                                .withKeySerde(bucketKeys)
                                .withValueSerde(buckets));

        KTable<BucketKey, Contribution> contributionTable = bucketTable
                .leftJoin(
                        tokens,
                        (key, bucket) -> key.tokenKey(),
                        CurrencyBucket::of,
                        TableJoined.as("token-join"),
                        Materialized.<BucketKey, CurrencyBucket, KeyValueStore<Bytes, byte[]>>as(CURRENCY_BUCKETS_STORE)
                                .withKeySerde(bucketKeys)
                                .withValueSerde(InternalSerdes.CURRENCY_BUCKETS))
                // a null foreign key (token unknown) still emits, with no rate (KIP-962)
                .leftJoin(
                        rates,
                        (key, currencyBucket) -> currencyBucket.rateKey(key.day()),
                        Contribution::of,
                        TableJoined.as("rate-join"),
                        Materialized.<BucketKey, Contribution, KeyValueStore<Bytes, byte[]>>as(CONTRIBUTIONS_STORE)
                                .withKeySerde(bucketKeys)
                                .withValueSerde(contributions));

        currencyVolume(contributionTable, topics, bucketKeys, contributions);

        contributionTable
                .groupBy(
                        (key, contribution) -> KeyValue.pair(key.dayProject(), contribution),
                        Grouped.with("daily", DAY_PROJECTS, contributions))
                .aggregate(
                        () -> DailyTotals.EMPTY,
                        (key, contribution, totals) -> totals.plus(contribution),
                        (key, contribution, totals) -> totals.minus(contribution),
                        Named.as("sum-daily"),
                        Materialized.<DayProject, DailyTotals, KeyValueStore<Bytes, byte[]>>as(DAILY_TOTALS_STORE)
                                .withKeySerde(DAY_PROJECTS)
                                .withValueSerde(InternalSerdes.DAILY_TOTALS))
                .toStream(Named.as("daily-changes"))
                .map(
                        (key, totals) -> {
                            DailyVolume row = totals.toDailyVolume(key);
                            return KeyValue.pair(row.key(), row);
                        },
                        Named.as("to-daily-volume"))
                .to(
                        topics.dailyVolume().name(),
                        Produced.with(
                                        topics.dailyVolume().keySerde(),
                                        topics.dailyVolume().valueSerde())
                                .withName("daily-volume-sink"));

        return builder.build();
    }

    /**
     * The priced buckets, each summed on its own as {@link DailyTotals} so that every change of a bucket gets a
     * higher version, into {@code daily-currency-volume}.
     */
    private static void currencyVolume(
            KTable<BucketKey, Contribution> contributionTable,
            TopicCatalogue topics,
            Serde<BucketKey> bucketKeys,
            Serde<Contribution> contributions) {
        contributionTable
                .groupBy(KeyValue::pair, Grouped.with("currency-daily", bucketKeys, contributions))
                .aggregate(
                        () -> DailyTotals.EMPTY,
                        (key, contribution, totals) -> totals.plus(contribution),
                        (key, contribution, totals) -> totals.minus(contribution),
                        Named.as("sum-currency-daily"),
                        Materialized.<BucketKey, DailyTotals, KeyValueStore<Bytes, byte[]>>as(CURRENCY_TOTALS_STORE)
                                .withKeySerde(bucketKeys)
                                .withValueSerde(InternalSerdes.DAILY_TOTALS))
                .toStream(Named.as("currency-daily-changes"))
                .map(
                        (key, totals) -> {
                            DailyCurrencyVolume row = totals.toDailyCurrencyVolume(key);
                            return KeyValue.pair(row.key(), row);
                        },
                        Named.as("to-daily-currency-volume"))
                .to(
                        topics.dailyCurrencyVolume().name(),
                        Produced.with(
                                        topics.dailyCurrencyVolume().keySerde(),
                                        topics.dailyCurrencyVolume().valueSerde())
                                .withName("daily-currency-volume-sink"));
    }
}
