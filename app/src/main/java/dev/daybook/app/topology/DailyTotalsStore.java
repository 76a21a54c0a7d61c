package dev.daybook.app.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.TimestampedKeyQuery;
import org.apache.kafka.streams.query.TimestampedRangeQuery;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Interactive queries on the {@code daily-totals} store of a running {@link KafkaStreams}: where its
 * partitions live among the instances sharing the application id, and what this instance holds.
 *
 * <p>A caller answers a query completely by asking every host of {@link #placement} for its partitions
 * (its own through {@link #readLocal}, the others over the network). Reads require the active copy of
 * each partition, so a partition that moved meanwhile fails the read instead of being silently missing.
 */
public final class DailyTotalsStore {

    public static final String NAME = DailyVolumeTopology.DAILY_TOTALS_STORE;

    private static final Serializer<DayProject> KEYS = DailyVolumeTopology.DAY_PROJECTS.serializer();

    private final KafkaStreams streams;
    private final StoreReads reads;
    /** The store's partitions are those of the topic its sub-topology reads: the daily repartition topic. */
    private final String partitionTopic;

    public DailyTotalsStore(KafkaStreams streams, String applicationId) {
        this.streams = streams;
        this.reads = new StoreReads(streams, NAME);
        this.partitionTopic = applicationId + "-daily-repartition";
    }

    /**
     * The instances ({@code application.server} of each) holding the partitions {@code query} needs, with
     * those partitions: the one partition of its row when it names a single row, every partition otherwise.
     */
    public Map<HostInfo, Set<Integer>> placement(DailyVolumeQuery query) throws StateUnavailableException {
        requireRunning();
        if (query.isSingleRow()) {
            KeyQueryMetadata owner =
                    streams.queryMetadataForKey(NAME, new DayProject(query.from(), query.projectId()), KEYS);
            if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                throw new StateUnavailableException(
                        "no instance owns the row yet (Kafka Streams is rebalancing); retry");
            }
            return Map.of(owner.activeHost(), Set.of(owner.partition()));
        }
        return reads.placement(partitionTopic);
    }

    /** The rows {@code query} asks for among {@code partitions}, all of which this instance must hold actively. */
    public List<StoredDailyVolume> readLocal(Set<Integer> partitions, DailyVolumeQuery query)
            throws StateUnavailableException {
        requireRunning();
        return query.isSingleRow()
                ? readRow(partitions, new DayProject(query.from(), query.projectId()))
                : readRange(partitions, query);
    }

    /** Unpriced transactions over every partition this instance holds actively (standbys excluded). */
    public long localUnpricedTransactions() throws StateUnavailableException {
        requireRunning();
        StateQueryResult<KeyValueIterator<DayProject, ValueAndTimestamp<DailyTotals>>> result;
        try {
            result = streams.query(StateQueryRequest.inStore(NAME)
                    .withQuery(TimestampedRangeQuery.<DayProject, DailyTotals>withNoBounds())
                    .requireActive());
        } catch (InvalidStateStoreException e) {
            throw new StateUnavailableException(NAME + " cannot be queried now (" + e.getMessage() + "); retry", e);
        }
        long unpriced = 0;
        for (QueryResult<KeyValueIterator<DayProject, ValueAndTimestamp<DailyTotals>>> partition :
                result.getPartitionResults().values()) {
            if (partition.isSuccess()) {
                try (KeyValueIterator<DayProject, ValueAndTimestamp<DailyTotals>> rows = partition.getResult()) {
                    while (rows.hasNext()) {
                        unpriced += rows.next().value.value().unpriced();
                    }
                }
            }
        }
        return unpriced;
    }

    private List<StoredDailyVolume> readRow(Set<Integer> partitions, DayProject key) throws StateUnavailableException {
        List<StoredDailyVolume> rows = new ArrayList<>();
        for (QueryResult<ValueAndTimestamp<DailyTotals>> partition :
                reads.query(partitions, TimestampedKeyQuery.<DayProject, DailyTotals>withKey(key))) {
            if (partition.getResult() != null) {
                rows.add(stored(key, partition.getResult()));
            }
        }
        return rows;
    }

    private List<StoredDailyVolume> readRange(Set<Integer> partitions, DailyVolumeQuery query)
            throws StateUnavailableException {
        // Keys start with the day as a zig-zag varint (InternalSerdes), whose byte order is not the days' order, so
        // each partition is read whole.
        List<StoredDailyVolume> rows = new ArrayList<>();
        for (QueryResult<KeyValueIterator<DayProject, ValueAndTimestamp<DailyTotals>>> partition :
                reads.query(partitions, TimestampedRangeQuery.<DayProject, DailyTotals>withNoBounds())) {
            try (KeyValueIterator<DayProject, ValueAndTimestamp<DailyTotals>> entries = partition.getResult()) {
                entries.forEachRemaining(entry -> {
                    if (query.matches(entry.key.day(), entry.key.projectId())) {
                        rows.add(stored(entry.key, entry.value));
                    }
                });
            }
        }
        return rows;
    }

    private static StoredDailyVolume stored(DayProject key, ValueAndTimestamp<DailyTotals> totals) {
        return new StoredDailyVolume(
                totals.value().toDailyVolume(key),
                Instant.ofEpochMilli(totals.value().newest()));
    }

    private void requireRunning() throws StateUnavailableException {
        reads.requireRunning();
    }
}
