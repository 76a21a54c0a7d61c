package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Offsets around transaction markers, on a real broker: a committed offset at a marker is the end. */
@Tag("integration")
class ConsumedToEndTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(30);

    private String topic;
    private TopicPartition partition;
    private String group;

    @BeforeEach
    void createTopic() throws Exception {
        int n = NAMES.incrementAndGet();
        topic = "consumed-to-end-" + n;
        group = "consumed-to-end-group-" + n;
        partition = new TopicPartition(topic, 0);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
    }

    @Test
    void aGroupAtTheCommitMarkerOfTheLastTransactionHasConsumedEverything() throws Exception {
        produceInTransaction(3, true); // records 0, 1, 2; commit marker at 3; end 4

        assertThat(check(2)).isEqualTo(new ConsumedToEnd.Check(2));
        assertThat(check(3)).isEqualTo(new ConsumedToEnd.Check(0));
        assertThat(check(4)).isEqualTo(new ConsumedToEnd.Check(0));
    }

    @Test
    void recordsOfAnAbortedTransactionAreNothingToConsume() throws Exception {
        produceInTransaction(2, true); // 0, 1; marker 2
        produceInTransaction(2, false); // 3, 4 aborted; marker 5; end 6

        assertThat(check(3)).isEqualTo(new ConsumedToEnd.Check(0));
        assertThat(check(1)).isEqualTo(new ConsumedToEnd.Check(5));
    }

    @Test
    void aGroupThatNeverCommittedIsBehindRecordsButNotAnEmptyTopic() throws Exception {
        try (Admin admin = kafka.admin()) {
            ConsumedToEnd consumed = new ConsumedToEnd(kafka.settings(), admin);
            assertThat(consumed.check(group, List.of(topic)).caughtUp()).isTrue();

            produceInTransaction(1, true);

            assertThat(consumed.check(group, List.of(topic)).caughtUp()).isFalse();
        }
    }

    private ConsumedToEnd.Check check(long committed) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(committed)))
                    .all()
                    .get();
            return new ConsumedToEnd(kafka.settings(), admin).check(group, List.of(topic));
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // a transactional send that fails makes the commit fail
    private void produceInTransaction(int records, boolean commit) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
        // the coordinator writes the marker after the commit returns; until then the transaction is open
        await().atMost(MARKER_TIMEOUT).until(this::noOpenTransaction);
    }

    /** Whether the partition's last transaction is complete: its marker written, its end stable. */
    private boolean noOpenTransaction() throws Exception {
        try (Admin admin = kafka.admin()) {
            return endOffset(admin, IsolationLevel.READ_COMMITTED) == endOffset(admin, IsolationLevel.READ_UNCOMMITTED);
        }
    }

    private long endOffset(Admin admin, IsolationLevel isolation) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                .partitionResult(partition)
                .get()
                .offset();
    }
}
