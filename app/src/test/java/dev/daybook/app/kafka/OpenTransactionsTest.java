package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What `run --once` waits on besides the consumed offsets: records sent in a transaction still open. */
@Tag("integration")
class OpenTransactionsTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void recordsSentInAnOpenTransactionCountUntilItCommitsOrAborts() throws Exception {
        String topic = "open-transactions";
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (Admin admin = kafka.admin();
                KafkaProducer<String, String> producer = transactionalProducer(topic)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty())))
                    .all()
                    .get();
            producer.initTransactions();
            assertThat(OpenTransactions.offsets(admin, partitions)).isZero();

            producer.beginTransaction();
            send(producer, topic, 0, 2);
            send(producer, topic, 1, 1);
            producer.flush();
            assertThat(OpenTransactions.offsets(admin, partitions)).isEqualTo(3);

            producer.commitTransaction();
            // the coordinator writes the commit markers after it has answered: until then nothing is readable
            awaitNoneOpen(admin, partitions);

            producer.beginTransaction();
            send(producer, topic, 1, 2);
            producer.flush();
            assertThat(OpenTransactions.offsets(admin, partitions)).isEqualTo(2);

            producer.abortTransaction();
            awaitNoneOpen(admin, partitions);
        }
    }

    private static void awaitNoneOpen(Admin admin, List<TopicPartition> partitions) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(OpenTransactions.offsets(admin, partitions)).isZero());
    }

    private static KafkaProducer<String, String> transactionalProducer(String topic) {
        return new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    @SuppressWarnings("FutureReturnValueIgnored") // a transactional send that fails makes the commit fail
    private static void send(KafkaProducer<String, String> producer, String topic, int partition, int records) {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
        }
    }
}
