package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daybook.app.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class CommittedRecordsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // a transactional send that fails makes the commit fail
    void readsTheCommittedRecordsOfEveryPartitionAndSkipsAbortedOnes() throws Exception {
        String topic = kafka.createTopics().tokens().name();
        try (KafkaProducer<String, String> producer = transactionalProducer("committed-records-read")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a", "a1"));
            producer.send(new ProducerRecord<>(topic, 1, "b", "b1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a", "a2"));
            producer.commitTransaction();
        }
        List<String> values = new ArrayList<>();

        long read = CommittedRecords.read(kafka.settings(), topic, TIMEOUT, record -> values.add(value(record)));

        assertThat(read).isEqualTo(3);
        assertThat(values).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(values).containsSubsequence("a1", "a2");
    }

    /**
     * Once the records are read, the consumer's fetch of the partitions at their ends is held by the broker for up
     * to {@code fetch.max.wait.ms}; a consumer that belongs to no group has nothing to wait for when it closes.
     */
    @Test
    void aReadEndsWithoutWaitingForTheFetchTheBrokerHoldsAtTheEnd() throws Exception {
        String topic = kafka.createTopics().tokens().name();
        try (KafkaProducer<String, String> producer = transactionalProducer("committed-records-ends")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a", "a1")).get();
            producer.commitTransaction();
        }
        // the commit's markers, hence the last stable offset, follow the commit's return
        await().atMost(TIMEOUT).until(() -> CommittedRecords.read(kafka.settings(), topic, TIMEOUT, record -> {}) == 1);
        KafkaSettings patientFetches =
                KafkaSettings.of(kafka.settings().bootstrapServers(), Map.of("fetch.max.wait.ms", "25000"));

        long read = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> CommittedRecords.read(patientFetches, topic, TIMEOUT, record -> {}));

        assertThat(read).isEqualTo(1);
    }

    @Test
    void aTopicThatDoesNotExistIsReportedAsSuch() {
        assertThatThrownBy(() ->
                        CommittedRecords.read(kafka.settings(), "no-such-topic", Duration.ofSeconds(10), record -> {}))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("no-such-topic");
    }

    /**
     * Records committed while the read is going on are not passed to it, whatever the polls fetched, and are
     * not lost either: polling the consumer afterwards returns them, as TokenDecimals follows the tokens.
     */
    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // the records sent during the read are awaited below
    void recordsCommittedDuringTheReadComeWithTheNextPollsNotWithTheRead() throws Exception {
        String topic = kafka.createTopics().tokens().name();
        try (KafkaProducer<String, String> producer = producer();
                KafkaConsumer<byte[], byte[]> consumer = oneRecordPerPoll()) {
            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "a", "a" + i)).get(); // a batch each
            }
            producer.send(new ProducerRecord<>(topic, 1, "b", "b1")).get();
            List<String> read = new ArrayList<>();

            long count = CommittedRecords.readToEnd(consumer, topic, TIMEOUT, record -> {
                read.add(value(record));
                if (read.size() == 1) {
                    // while partition 0 still has four records to go, partition 1 gets records past its end
                    producer.send(new ProducerRecord<>(topic, 0, "a", "a6"));
                    producer.send(new ProducerRecord<>(topic, 1, "b", "b2"));
                    producer.send(new ProducerRecord<>(topic, 1, "b", "b3"));
                    producer.flush();
                }
            });

            assertThat(count).isEqualTo(6);
            assertThat(read).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5", "b1");
            List<String> followed = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> followed.add(value(record)));
                return followed.size() >= 3;
            });
            assertThat(followed).containsExactlyInAnyOrder("a6", "b2", "b3");
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /**
     * Like {@link CommittedRecords#consumer} but a record per poll and a batch per partition and fetch, so that a
     * read takes a fetch for each record.
     */
    private static KafkaConsumer<byte[], byte[]> oneRecordPerPoll() {
        return new KafkaConsumer<>(kafka.settings()
                .clientProperties(Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        1,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        1,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class)));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    private static KafkaProducer<String, String> transactionalProducer(String id) {
        return EmbeddedKafkaTest.transactionalProducer(kafka.settings(), id);
    }
}
