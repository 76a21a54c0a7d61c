package dev.daybook.app.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Interactive queries of one store of a running {@link KafkaStreams}, on partitions that must be active here. */
final class StoreReads {

    private final KafkaStreams streams;
    private final String store;

    StoreReads(KafkaStreams streams, String store) {
        this.streams = streams;
        this.store = store;
    }

    void requireRunning() throws StateUnavailableException {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new StateUnavailableException("Kafka Streams is " + state + ", not RUNNING; retry");
        }
    }

    /**
     * The instances ({@code application.server} of each) holding the store's partitions, with those partitions.
     *
     * @param partitionTopic the topic the store's sub-topology reads, whose partitions are the store's
     */
    Map<HostInfo, Set<Integer>> placement(String partitionTopic) throws StateUnavailableException {
        requireRunning();
        Map<HostInfo, Set<Integer>> placement = new HashMap<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(store)) {
            Set<Integer> partitions = new TreeSet<>();
            for (TopicPartition partition : instance.topicPartitions()) {
                if (partition.topic().equals(partitionTopic)) {
                    partitions.add(partition.partition());
                }
            }
            if (!partitions.isEmpty()) {
                placement.put(instance.hostInfo(), partitions);
            }
        }
        if (placement.isEmpty()) {
            throw new StateUnavailableException(
                    "no instance holds " + store + " yet (Kafka Streams is starting); retry");
        }
        return placement;
    }

    /** Every asked partition's result; closes them all and fails if one partition could not answer. */
    <R> List<QueryResult<R>> query(Set<Integer> partitions, Query<R> query) throws StateUnavailableException {
        StateQueryResult<R> result;
        try {
            result = streams.query(StateQueryRequest.inStore(store)
                    .withQuery(query)
                    .withPartitions(partitions)
                    .requireActive());
        } catch (InvalidStateStoreException e) {
            throw new StateUnavailableException(store + " cannot be queried now (" + e.getMessage() + "); retry", e);
        }
        List<QueryResult<R>> answers = new ArrayList<>();
        String failure = null;
        for (int partition : partitions) {
            QueryResult<R> answer = result.getPartitionResults().get(partition);
            if (answer == null || answer.isFailure()) {
                failure = "partition " + partition + " of " + store + " is not active on this instance ("
                        + (answer == null ? "no answer" : answer.getFailureReason() + ": " + answer.getFailureMessage())
                        + "); retry";
            } else {
                answers.add(answer);
            }
        }
        if (failure != null) {
            answers.forEach(StoreReads::close);
            throw new StateUnavailableException(failure);
        }
        return answers;
    }

    private static void close(QueryResult<?> answer) {
        if (answer.getResult() instanceof KeyValueIterator<?, ?> iterator) {
            iterator.close();
        }
    }
}
