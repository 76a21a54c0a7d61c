package dev.daybook.app.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions that Kafka left open on a partition after their coordinator had ended them.
 *
 * <p>A Kafka 4 coordinator that ends a transaction while one of its partitions has no leader takes the partition
 * for deleted and writes it no marker. A single broker restarting after a crash is such a moment: it ends the
 * transactions it was committing when it died while its partitions are not led yet. On such a partition the
 * transaction stays open for good, and a read-committed consumer sees nothing of the partition from its start on.
 *
 * <p>For producers that have just initialised their transactions this is certain to tell: initialising ends
 * every earlier transaction of their ids, so a transaction of theirs still open on a partition is one Kafka left
 * behind, not one in progress.
 */
public final class HangingTransactions {

    /** Coordinator states of a producer with no transaction open. */
    private static final Set<TransactionState> ENDED =
            EnumSet.of(TransactionState.EMPTY, TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT);

    private HangingTransactions() {}

    /** A transaction of {@code transactionalId} left open on {@code partition} from {@code startOffset} on. */
    public record Hanging(
            TopicPartition partition,
            String transactionalId,
            long producerId,
            int producerEpoch,
            int coordinatorEpoch,
            long startOffset) {

        /** The open transaction of {@code producer}, as its partition describes it. */
        public static Hanging of(TopicPartition partition, String transactionalId, ProducerState producer) {
            return new Hanging(
                    partition,
                    transactionalId,
                    producer.producerId(),
                    producer.producerEpoch(),
                    producer.coordinatorEpoch().orElse(0),
                    producer.currentTransactionStartOffset().orElseThrow());
        }

        @Override
        public String toString() {
            return partition + " from offset " + startOffset + " (transactional id " + transactionalId + ", producer "
                    + producerId + ", epoch " + producerEpoch + ")";
        }
    }

    /**
     * The transactions of the producers with these transactional ids left open on the partitions. Call it once the
     * producers have initialised their transactions and before they begin one.
     */
    public static List<Hanging> find(
            Admin admin, Collection<String> transactionalIds, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<String, TransactionDescription> producers =
                admin.describeTransactions(transactionalIds).all().get();
        Map<TopicPartition, PartitionProducerState> states =
                admin.describeProducers(partitions).all().get();
        return of(producers, states);
    }

    /**
     * @param producers the coordinator's view of each transactional id; only those with no transaction open count
     * @param states    the producers each partition has seen
     */
    static List<Hanging> of(
            Map<String, TransactionDescription> producers, Map<TopicPartition, PartitionProducerState> states) {
        Map<Long, String> ended = producers.entrySet().stream()
                .filter(producer -> ENDED.contains(producer.getValue().state()))
                .collect(Collectors.toMap(producer -> producer.getValue().producerId(), Map.Entry::getKey));
        List<Hanging> hanging = new ArrayList<>();
        states.forEach((partition, state) -> {
            for (ProducerState producer : state.activeProducers()) {
                String transactionalId = ended.get(producer.producerId());
                if (transactionalId != null
                        && producer.currentTransactionStartOffset().isPresent()) {
                    hanging.add(Hanging.of(partition, transactionalId, producer));
                }
            }
        });
        hanging.sort(
                Comparator.comparing((Hanging h) -> h.partition().toString()).thenComparingLong(Hanging::startOffset));
        return hanging;
    }

    /** Ends it on its partition with an abort marker, as {@code kafka-transactions.sh abort} does. */
    public static void abort(Admin admin, Hanging hanging) throws ExecutionException, InterruptedException {
        admin.abortTransaction(new AbortTransactionSpec(
                        hanging.partition(),
                        hanging.producerId(),
                        (short) hanging.producerEpoch(),
                        hanging.coordinatorEpoch()))
                .all()
                .get();
    }
}
