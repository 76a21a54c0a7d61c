package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.kafka.HangingTransactions.Hanging;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Which open transactions are ones Kafka left behind, from what the coordinator and the partitions say. A broker
 * leaves them only when a partition has no leader while its coordinator ends a transaction (a single broker
 * restarting after a crash), which a test cannot bring about at will; {@code HangingTransactionsBrokerTest} checks
 * the calls against a broker.
 */
class HangingTransactionsTest {

    private static final TopicPartition PROGRESS_0 = new TopicPartition("daybook.ingest-progress", 0);
    private static final TopicPartition PROGRESS_1 = new TopicPartition("daybook.ingest-progress", 1);

    @Test
    void aTransactionOpenOnAPartitionOfAProducerWhoseCoordinatorHasNoneOpenIsLeftOpen() {
        List<Hanging> hanging = HangingTransactions.of(
                Map.of("ingest-0", coordinator(TransactionState.EMPTY, 3, 2)),
                Map.of(PROGRESS_0, partition(open(3, 0, 7, 41)), PROGRESS_1, partition(closed(3, 2))));

        assertThat(hanging).containsExactly(new Hanging(PROGRESS_0, "ingest-0", 3, 0, 7, 41));
    }

    @Test
    void aTransactionItsCoordinatorStillHasOpenIsInProgressNotLeftOpen() {
        for (TransactionState state :
                List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT)) {
            assertThat(HangingTransactions.of(
                            Map.of("ingest-0", coordinator(state, 3, 0)),
                            Map.of(PROGRESS_0, partition(open(3, 0, 7, 41)))))
                    .as(state.toString())
                    .isEmpty();
        }
    }

    @Test
    void transactionsOfOtherProducersAreNotJudged() {
        assertThat(HangingTransactions.of(
                        Map.of("ingest-0", coordinator(TransactionState.COMPLETE_COMMIT, 3, 2)),
                        Map.of(PROGRESS_0, partition(open(1001, 0, 7, 12)))))
                .isEmpty();
    }

    @Test
    void everyPartitionAndEveryProducerIsLookedAtAndTheFindingsComeInPartitionOrder() {
        List<Hanging> hanging = HangingTransactions.of(
                Map.of(
                        "ingest-0", coordinator(TransactionState.COMPLETE_COMMIT, 3, 2),
                        "ingest-1", coordinator(TransactionState.COMPLETE_ABORT, 4, 5)),
                Map.of(
                        PROGRESS_1, partition(open(4, 4, 1, 9), closed(3, 2)),
                        PROGRESS_0, partition(closed(4, 5), open(3, 1, 1, 0))));

        assertThat(hanging)
                .containsExactly(
                        new Hanging(PROGRESS_0, "ingest-0", 3, 1, 1, 0),
                        new Hanging(PROGRESS_1, "ingest-1", 4, 4, 1, 9));
    }

    private static TransactionDescription coordinator(TransactionState state, long producerId, int epoch) {
        return new TransactionDescription(1, state, producerId, epoch, 60_000, OptionalLong.empty(), Set.of());
    }

    private static PartitionProducerState partition(ProducerState... producers) {
        return new PartitionProducerState(List.of(producers));
    }

    private static ProducerState open(long producerId, int epoch, int coordinatorEpoch, long startOffset) {
        return new ProducerState(
                producerId, epoch, 0, 0, OptionalInt.of(coordinatorEpoch), OptionalLong.of(startOffset));
    }

    private static ProducerState closed(long producerId, int epoch) {
        return new ProducerState(producerId, epoch, 0, 0, OptionalInt.of(1), OptionalLong.empty());
    }
}
