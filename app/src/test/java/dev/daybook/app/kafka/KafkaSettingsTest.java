package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @TempDir
    Path dir;

    @Test
    void passesEveryPropertyOfTheConfigFileToTheClients() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";
                ssl.truststore.location=/etc/kafka/truststore.jks
                bootstrap.servers=from-file:9092
                """);

        KafkaSettings settings = KafkaSettings.of("broker:9092", KafkaSettings.readClientProperties(file));

        assertThat(settings.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(settings.clientProperties())
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker:9092"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "PLAIN"),
                        Map.entry(
                                "sasl.jaas.config",
                                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"),
                        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.jks"));
        assertThat(KafkaSettings.bootstrapServersIn(KafkaSettings.readClientProperties(file)))
                .contains("from-file:9092");
    }

    @Test
    void hidesSecretValuesWhenPrinted() {
        KafkaSettings settings = KafkaSettings.of(
                "broker:9092",
                Map.of(
                        "sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";",
                        "ssl.keystore.password", "ks-pass",
                        "ssl.key.password", "key-pass",
                        "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                        "sasl.oauthbearer.client.credentials.client.secret", "oauth-secret",
                        "sasl.login.token", "tok",
                        "security.protocol", "SASL_SSL"));

        String printed = settings.toString();

        assertThat(printed)
                .isEqualTo("{bootstrap.servers=broker:9092, sasl.jaas.config=[hidden], "
                        + "sasl.login.token=[hidden], sasl.oauthbearer.client.credentials.client.secret=[hidden], "
                        + "security.protocol=SASL_SSL, ssl.key.password=[hidden], ssl.keystore.key=[hidden], "
                        + "ssl.keystore.password=[hidden]}");
        assertThat(printed).doesNotContain("hunter2", "ks-pass", "key-pass", "PRIVATE", "oauth-secret", "tok,");
    }

    @Test
    void overridesWinOverTheCommonProperties() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", Map.of("client.id", "common"));

        assertThat(settings.clientProperties(Map.of("client.id", "sink")))
                .containsEntry("client.id", "sink")
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(settings.clientProperties()).containsEntry("client.id", "common");
    }

    @Test
    void aGroupMemberJoinsAsTheProcesssStaticMemberOnlyWhenItHasAnInstanceId() {
        KafkaSettings dynamic = KafkaSettings.of("broker:9092", Map.of("security.protocol", "SSL"));
        KafkaSettings instance = dynamic.withInstanceId(new InstanceId("pod-0"));

        assertThat(dynamic.groupMemberProperties("sink", Map.of("isolation.level", "read_committed")))
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker:9092"), Map.entry("security.protocol", "SSL"),
                        Map.entry("group.id", "sink"), Map.entry("isolation.level", "read_committed"));
        assertThat(instance.groupMemberProperties("sink", Map.of()))
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker:9092"), Map.entry("security.protocol", "SSL"),
                        Map.entry("group.id", "sink"), Map.entry("group.instance.id", "pod-0"));
        assertThat(instance.clientProperties())
                .as("clients outside a group have no instance id")
                .doesNotContainKey("group.instance.id");
        assertThat(instance.toString())
                .isEqualTo("{bootstrap.servers=broker:9092, group.instance.id=pod-0, security.protocol=SSL}");
    }

    @Test
    void aRunThatFinishesByItselfWaitsLessForNewRecordsAndHeartbeatsSoonerButTheKafkaConfigWins() {
        KafkaSettings service = KafkaSettings.of("broker:9092", Map.of("heartbeat.interval.ms", "2000"))
                .withInstanceId(new InstanceId("pod-0"));
        KafkaSettings once = service.tunedToFinish();

        assertThat(service.clientProperties()).doesNotContainKey("fetch.max.wait.ms");
        assertThat(once.clientProperties())
                .containsEntry("fetch.max.wait.ms", "50")
                .containsEntry("heartbeat.interval.ms", "2000");
        assertThat(once.groupMemberProperties("sink", Map.of("fetch.max.wait.ms", "100")))
                .as("a client's own setting wins too")
                .containsEntry("fetch.max.wait.ms", "100")
                .containsEntry("group.instance.id", "pod-0");
        assertThat(KafkaSettings.of("broker:9092").tunedToFinish().clientProperties())
                .containsEntry("heartbeat.interval.ms", "500");
        assertThat(once.toString())
                .isEqualTo("{bootstrap.servers=broker:9092, fetch.max.wait.ms=50, group.instance.id=pod-0, "
                        + "heartbeat.interval.ms=2000}");
    }

    @Test
    void aRunThatFinishesByItselfLeavesTheHeartbeatToTheBrokerUnderTheConsumerGroupProtocol() {
        KafkaSettings once = KafkaSettings.of("localhost:9092", Map.of("group.protocol", "consumer"))
                .tunedToFinish();

        assertThat(once.clientProperties())
                .containsEntry("fetch.max.wait.ms", "50")
                .doesNotContainKey("heartbeat.interval.ms");
        assertThatCode(() -> new KafkaConsumer<>(
                                once.groupMemberProperties("sink", Map.of()),
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer())
                        .close())
                .as("a consumer of the consumer protocol refuses heartbeat.interval.ms")
                .doesNotThrowAnyException();
    }

    @Test
    void refusesEmptyBootstrapServers() {
        assertThatThrownBy(() -> KafkaSettings.of(" ")).hasMessage("the Kafka bootstrap servers are empty");
    }
}
