package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.metrics.DaybookMetrics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final String TOPIC = "daily-volume";
    private static final String DEAD_LETTERS = "dead-letter";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    /** What the group committed, also for partitions other members read, which MockConsumer does not know. */
    private final Map<TopicPartition, OffsetAndMetadata> committedByGroup = new HashMap<>();

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(committedByGroup);
            committed.keySet().retainAll(partitions);
            return committed;
        }
    };
    private final MockProducer<byte[], byte[]> producer = deadLetterProducer();
    private final SinkProgress progress = new SinkProgress();
    private final DaybookMetrics metrics = DaybookMetrics.unexported();
    private final Batch batch = new Batch(DEAD_LETTERS);

    @Test
    void commitsTheDeadLettersWithTheOffsetsInOneTransactionAndCountsThemOnceCommitted() throws Exception {
        OffsetTracker offsets = readingFromStart(true, P0, P1);
        consumer.seek(P0, 3);
        batch.deadLetter(record(P0, 1), SinkRunner.REFUSED, "out of range");
        assertThat(offsets.advancedPositions()).isEqualTo(Map.of(P0, 3L, P1, 0L));

        offsets.commit(offsets.advancedPositions(), batch);

        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history())
                .singleElement()
                .satisfies(letter -> assertThat(letter.topic()).isEqualTo(DEAD_LETTERS));
        assertThat(producer.consumerGroupOffsetsHistory())
                .singleElement()
                .satisfies(byGroup -> assertThat(byGroup.values())
                        .containsExactly(Map.of(P0, new OffsetAndMetadata(3), P1, new OffsetAndMetadata(0))));
        assertThat(offsets.advancedPositions()).isEmpty();
        assertThat(batch.deadLetters()).isEmpty();
        assertThat(progress.status().deadLettered()).isEqualTo(1);
        assertThat(progress.status().rowsRefused()).isEqualTo(1);
        assertThat(metrics.registry()
                        .get(DaybookMetrics.DEAD_LETTERS)
                        .tags("stage", "sink", "reason", SinkRunner.REFUSED)
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aWarehouseThatIsNotDurableCommitsNoOffsetsButItsPositionsAreDone() throws Exception {
        OffsetTracker offsets = readingFromStart(false, P0);
        consumer.seek(P0, 4);

        offsets.commit(offsets.advancedPositions(), batch);

        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(offsets.advancedPositions()).isEmpty();
    }

    @Test
    void whileTheGroupRebalancesNothingIsDoneAndTheDeadLettersWaitForTheNextCommit() throws Exception {
        OffsetTracker offsets = readingFromStart(true, P0);
        consumer.seek(P0, 2);
        batch.deadLetter(record(P0, 0), "bad_daily_volume", "not JSON");
        producer.commitTransactionException = new RebalanceInProgressException("rebalancing");

        offsets.commit(offsets.advancedPositions(), batch);

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(offsets.advancedPositions()).isEqualTo(Map.of(P0, 2L));
        assertThat(batch.deadLetters()).hasSize(1);
        assertThat(progress.status().deadLettered()).isZero();
    }

    @Test
    void aCommitKafkaRefusesStopsTheSinkSayingWhatWasNotCommitted() {
        OffsetTracker offsets = readingFromStart(true, P0);
        batch.deadLetter(record(P0, 0), "bad_daily_volume", "not JSON");
        producer.commitTransactionException = new KafkaException("broker gone");

        assertThatThrownBy(() -> offsets.commit(offsets.advancedPositions(), batch))
                .isInstanceOf(SinkFailedException.class)
                .hasMessage("cannot commit offsets of daily-volume and 1 dead letters: broker gone");
        assertThat(offsets.advancedPositions()).isEqualTo(Map.of(P0, 0L));
        assertThat(progress.status().deadLettered()).isZero();
    }

    @Test
    void isCaughtUpWhenItsOwnPartitionsAreDoneAndTheGroupCommittedTheOthersToTheTarget() throws Exception {
        OffsetTracker offsets = readingFromStart(true, P0);
        committedByGroup.put(P1, new OffsetAndMetadata(7));
        consumer.seek(P0, 5);
        offsets.commit(offsets.advancedPositions(), batch);

        assertThat(offsets.caughtUp(Map.of(P0, 5L, P1, 7L))).isTrue();
        assertThat(offsets.caughtUp(Map.of(P0, 5L, P1, 8L))).isFalse();
        assertThat(offsets.caughtUp(Map.of(P0, 6L, P1, 7L))).isFalse();
    }

    @Test
    void withoutAGroupAPartitionItHasNotReadIsCaughtUpOnlyWhenEmpty() {
        OffsetTracker offsets = readingFromStart(false, P0);

        assertThat(offsets.caughtUp(Map.of(P0, 0L))).isTrue();
        assertThat(offsets.caughtUp(Map.of(P0, 1L))).isFalse();
    }

    @Test
    void theLagCountsRecordsReadButNotDoneAndRecordsNotFetchedYet() throws Exception {
        OffsetTracker offsets = readingFromStart(true, P0);
        consumer.updateEndOffsets(Map.of(P0, 10L));
        consumer.seek(P0, 3);
        offsets.commit(offsets.advancedPositions(), batch);
        assertThat(offsets.lag()).hasValue(7);

        consumer.seek(P0, 6);
        assertThat(offsets.lag()).as("3 read, not written; 4 not fetched").hasValue(7);

        offsets.commit(offsets.advancedPositions(), batch);
        assertThat(offsets.lag()).hasValue(4);
    }

    @Test
    void aPartitionThatMovedAwayAndCameBackIsNotDoneAnyMore() throws Exception {
        OffsetTracker offsets = readingFromStart(true, P0);
        consumer.seek(P0, 3);
        offsets.commit(offsets.advancedPositions(), batch);

        offsets.forget(List.of(P0));

        assertThat(offsets.advancedPositions()).isEqualTo(Map.of(P0, 3L));
    }

    private OffsetTracker readingFromStart(boolean durable, TopicPartition... partitions) {
        consumer.assign(List.of(partitions));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        producer.initTransactions();
        return new OffsetTracker(consumer, producer, durable, TOPIC, progress, metrics);
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(
                partition.topic(),
                partition.partition(),
                offset,
                "key".getBytes(StandardCharsets.UTF_8),
                "value".getBytes(StandardCharsets.UTF_8));
    }

    private static MockProducer<byte[], byte[]> deadLetterProducer() {
        Node broker = new Node(0, "localhost", 9092);
        Cluster cluster = new Cluster(
                "test",
                List.of(broker),
                List.of(new PartitionInfo(DEAD_LETTERS, 0, broker, new Node[] {broker}, new Node[] {broker})),
                Set.of(),
                Set.of());
        return new MockProducer<>(cluster, true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
