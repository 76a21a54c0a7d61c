package dev.daybook.app.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.TimestampedRangeQuery;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Interactive queries on the priced buckets of a running {@link KafkaStreams}: the {@code contributions} store
 * (count, USD value, unpriced per day, project, chain and currency), with each bucket's coin from the
 * {@code currency-buckets} store beside it. Both are keyed and partitioned like the buckets, so a partition
 * answers from its own two stores. A caller asks every host of {@link #placement} for its partitions, as for
 * {@link DailyTotalsStore}.
 */
public final class CurrencyVolumeStore {

    public static final String NAME = DailyVolumeTopology.CONTRIBUTIONS_STORE;

    private final StoreReads contributions;
    private final StoreReads currencyBuckets;
    /** Both stores' partitions are those of the topic their sub-topology reads: the bucket repartition topic. */
    private final String partitionTopic;

    public CurrencyVolumeStore(KafkaStreams streams, String applicationId) {
        this.contributions = new StoreReads(streams, NAME);
        this.currencyBuckets = new StoreReads(streams, DailyVolumeTopology.CURRENCY_BUCKETS_STORE);
        this.partitionTopic = applicationId + "-bucket-repartition";
    }

    /** The instances ({@code application.server} of each) holding the store's partitions, with those partitions. */
    public Map<HostInfo, Set<Integer>> placement() throws StateUnavailableException {
        return contributions.placement(partitionTopic);
    }

    /** The buckets {@code query} asks for among {@code partitions}, all of which this instance must hold actively. */
    public List<StoredCurrencyVolume> readLocal(Set<Integer> partitions, DailyVolumeQuery query)
            throws StateUnavailableException {
        contributions.requireRunning();
        // Keys start with the day as a zig-zag varint (InternalSerdes), whose byte order is not the days' order, so
        // each partition is read whole.
        Map<BucketKey, String> coins = new HashMap<>();
        for (QueryResult<KeyValueIterator<BucketKey, ValueAndTimestamp<CurrencyBucket>>> partition :
                currencyBuckets.query(partitions, TimestampedRangeQuery.<BucketKey, CurrencyBucket>withNoBounds())) {
            try (KeyValueIterator<BucketKey, ValueAndTimestamp<CurrencyBucket>> entries = partition.getResult()) {
                entries.forEachRemaining(entry -> {
                    if (query.matches(entry.key.day(), entry.key.projectId())
                            && entry.value.value().coinId() != null) {
                        coins.put(entry.key, entry.value.value().coinId());
                    }
                });
            }
        }
        List<StoredCurrencyVolume> rows = new ArrayList<>();
        for (QueryResult<KeyValueIterator<BucketKey, ValueAndTimestamp<Contribution>>> partition :
                contributions.query(partitions, TimestampedRangeQuery.<BucketKey, Contribution>withNoBounds())) {
            try (KeyValueIterator<BucketKey, ValueAndTimestamp<Contribution>> entries = partition.getResult()) {
                entries.forEachRemaining(entry -> {
                    if (query.matches(entry.key.day(), entry.key.projectId())) {
                        rows.add(stored(entry.key, coins.get(entry.key), entry.value.value()));
                    }
                });
            }
        }
        return rows;
    }

    private static StoredCurrencyVolume stored(BucketKey key, String coinId, Contribution contribution) {
        return new StoredCurrencyVolume(
                key.day(),
                key.projectId(),
                key.chainId(),
                key.currencyAddress(),
                coinId,
                contribution.count(),
                DailyTotals.normalized(contribution.usd()),
                contribution.unpriced(),
                Instant.ofEpochMilli(contribution.newest()));
    }
}
