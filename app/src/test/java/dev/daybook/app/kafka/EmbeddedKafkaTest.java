package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.TopicCatalogue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path stateDir;

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // a transactional send that fails makes the commit fail
    void transactionsWorkOnOneNodeAndReadCommittedSeesOnlyCommittedRecords() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        String topic = topics.transactions().name();
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka.settings(), "eos-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, 0, "k2", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k3", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k4", "committed-3"));
            producer.commitTransaction();
        }

        List<String> values = readAll(kafka.settings(), topic, "read_committed", 3);

        assertThat(values).containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(readAll(kafka.settings(), topic, "read_uncommitted", 4))
                .containsExactly("committed-1", "committed-2", "aborted", "committed-3");
    }

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // a transactional send that fails makes the commit fail
    void aRestartedBrokerKeepsItsClusterIdRecordsAndCommittedOffsets() throws Exception {
        String clusterId;
        EmbeddedKafka first = EmbeddedKafka.inStateDir(stateDir);
        try (first) {
            KafkaSettings settings = KafkaSettings.of(first.start());
            try (Admin admin = Admin.create(settings.clientProperties())) {
                clusterId = admin.describeCluster().clusterId().get();
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get();
                admin.alterConsumerGroupOffsets(
                                "reader", Map.of(new TopicPartition("kept", 0), new OffsetAndMetadata(1)))
                        .all()
                        .get();
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(settings, "restart-test")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", "a", "before restart 1"));
                producer.send(new ProducerRecord<>("kept", "b", "before restart 2"));
                producer.commitTransaction();
            }
        }
        assertThat(stateDir.resolve("kafka/meta.properties")).exists();

        try (EmbeddedKafka second = EmbeddedKafka.inStateDir(stateDir)) {
            KafkaSettings settings = KafkaSettings.of(second.start());
            try (Admin admin = Admin.create(settings.clientProperties())) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
                assertThat(admin.listConsumerGroupOffsets("reader")
                                .partitionsToOffsetAndMetadata()
                                .get())
                        .containsEntry(new TopicPartition("kept", 0), new OffsetAndMetadata(1));
            }
            assertThat(readAll(settings, "kept", "read_committed", 2))
                    .containsExactly("before restart 1", "before restart 2");
        }
    }

    @Test
    void startsOnAConfiguredPortAndFreesItOnClose() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (EmbeddedKafka broker = new EmbeddedKafka(stateDir.resolve("kafka"), port)) {
            assertThat(broker.start()).isEqualTo("127.0.0.1:" + port);
            try (Admin admin =
                    Admin.create(KafkaSettings.of(broker.bootstrapServers()).clientProperties())) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        }
        try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
        try (Stream<Path> files = Files.list(stateDir.resolve("kafka"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("meta.properties", "__cluster_metadata-0");
        }
    }

    @Test
    @Timeout(60)
    void refusesToStartOnADirectoryAnotherBrokerUses() {
        try (EmbeddedKafka running = EmbeddedKafka.inStateDir(stateDir);
                EmbeddedKafka second = EmbeddedKafka.inStateDir(stateDir)) {
            running.start();
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another Daybook broker is using "
                            + stateDir.resolve("kafka").toAbsolutePath()
                            + ": stop it, or give this one another state directory");
            assertThat(running.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }

    @Test
    @Timeout(60)
    void failsClearlyWhenTheConfiguredPortIsTakenAndCanStartAgainLater() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                EmbeddedKafka broker = new EmbeddedKafka(stateDir.resolve("kafka"), taken.getLocalPort())) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot start the embedded Kafka broker in "
                            + stateDir.resolve("kafka").toAbsolutePath());
        }
        try (EmbeddedKafka again = EmbeddedKafka.inStateDir(stateDir)) {
            assertThat(again.start()).startsWith("127.0.0.1:");
        }
    }

    static KafkaProducer<String, String> transactionalProducer(KafkaSettings settings, String transactionalId) {
        return new KafkaProducer<>(settings.clientProperties(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    /** Reads the topic from the beginning until {@code expected} values arrived. */
    static List<String> readAll(KafkaSettings settings, String topic, String isolation, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return values.size() >= expected
                        && Set.copyOf(partitions).stream()
                                .allMatch(tp -> consumer.position(tp)
                                        >= consumer.endOffsets(List.of(tp)).get(tp));
            });
            return values;
        }
    }
}
