package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.kafka.HangingTransactions.Hanging;
import dev.daybook.app.testing.KafkaBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HangingTransactions} against a broker: it takes no transaction in progress, nor one a new producer of the
 * same id has ended, for one Kafka left open, and the marker it writes ends an open transaction on its partition.
 */
@Tag("integration")
class HangingTransactionsBrokerTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void neitherATransactionInProgressNorOneANewProducerOfItsIdEndedIsLeftOpen() throws Exception {
        List<TopicPartition> partitions =
                partitions(kafka.createTopics().ingestProgress().name());
        String id = "hanging-in-progress";
        try (Admin admin = kafka.admin()) {
            try (KafkaProducer<String, String> crashed = transactionalProducer(id)) {
                openTransactionOn(crashed, partitions);

                assertThat(HangingTransactions.find(admin, List.of(id), partitions))
                        .as("in progress")
                        .isEmpty();
            }
            try (KafkaProducer<String, String> successor = transactionalProducer(id)) {
                successor.initTransactions();

                assertThat(HangingTransactions.find(admin, List.of(id), partitions))
                        .as("ended by the successor")
                        .isEmpty();
                assertThat(ends(admin, partitions, IsolationLevel.READ_COMMITTED))
                        .isEqualTo(ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED));
            }
        }
    }

    @Test
    void theAbortMarkerItWritesEndsTheTransactionOnItsPartitionOnly() throws Exception {
        List<TopicPartition> partitions =
                partitions(kafka.createTopics().ingestProgress().name());
        TopicPartition aborted = partitions.get(0);
        TopicPartition held = partitions.get(1);
        String id = "hanging-aborted";
        try (Admin admin = kafka.admin();
                KafkaProducer<String, String> producer = transactionalProducer(id)) {
            openTransactionOn(producer, partitions);
            ProducerState open = admin.describeProducers(List.of(aborted))
                    .partitionResult(aborted)
                    .get()
                    .activeProducers()
                    .get(0);

            HangingTransactions.abort(admin, Hanging.of(aborted, id, open));

            Map<TopicPartition, Long> committed = ends(admin, partitions, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> written = ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
            assertThat(committed.get(aborted)).as("ended").isEqualTo(written.get(aborted));
            assertThat(committed.get(held)).as("still open").isZero();
            assertThat(written.get(held)).isPositive();
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the flush fails if a send does
    private static void openTransactionOn(KafkaProducer<String, String> producer, List<TopicPartition> partitions) {
        producer.initTransactions();
        producer.beginTransaction();
        for (TopicPartition partition : partitions) {
            producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "object", "progress"));
        }
        producer.flush();
    }

    private static List<TopicPartition> partitions(String topic) {
        return List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> partitions, IsolationLevel level)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(level))
                .all()
                .get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static KafkaProducer<String, String> transactionalProducer(String id) {
        return EmbeddedKafkaTest.transactionalProducer(kafka.settings(), id);
    }
}
