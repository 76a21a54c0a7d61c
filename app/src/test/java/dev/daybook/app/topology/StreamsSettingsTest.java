package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Rule 6 (first half) and rule 7's wiring: the Streams properties. */
class StreamsSettingsTest {

    private final DeadLetterCounter counter = new DeadLetterCounter();

    @Test
    void exactlyOnceV2IsTheDefault() {
        StreamsConfig config = new StreamsConfig(
                StreamsSettings.defaults().properties("broker:9092", TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("daybook.aggregate");
        assertThat(config.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("broker:9092");
        assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(200L);
    }

    @Test
    void deadLettersGoToThePrefixedTopicThroughTheCountingHandlers() {
        StreamsConfig config = new StreamsConfig(
                StreamsSettings.defaults().properties("broker:9092", TopicCatalogue.forPrefix("prod."), counter));

        assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("prod.dead-letter");
        assertThat(config.deserializationExceptionHandler())
                .isInstanceOf(CountingDeserializationExceptionHandler.class);
        assertThat(config.processingExceptionHandler()).isInstanceOf(CountingProcessingExceptionHandler.class);
        assertThat(config.originals().get(DeadLetterCounter.CONFIG)).isSameAs(counter);
    }

    @Test
    void everySettingCanBeOverridden() {
        Path dir = Path.of("/var/lib/daybook");
        Properties properties = new StreamsSettings("daybook-eu", "at_least_once", 3, Duration.ofMillis(250), dir)
                .properties("broker:9092", TopicCatalogue.withDefaultPrefix(), counter);

        assertThat(properties)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "daybook-eu")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    }

    @Test
    void theClientPropertiesOfTheKafkaConfigReachEveryStreamsClient() {
        KafkaSettings kafka = KafkaSettings.of(
                "broker:9093",
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "bootstrap.servers", "ignored:1"));

        StreamsConfig config = new StreamsConfig(
                StreamsSettings.defaults().properties(kafka, TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("broker:9093");
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("daybook.aggregate");
        for (Map<String, Object> client : List.of(
                config.getMainConsumerConfigs("g", "c", 0),
                config.getRestoreConsumerConfigs("c"),
                config.getProducerConfigs("c"),
                config.getAdminConfigs("c"))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
        }
    }

    @Test
    void aNewApplicationDoesNotWaitATenthOfASecondPerInternalTopicItCreates() {
        // Streams 4.3 sleeps retry.backoff.ms after each internal topic it creates (KAFKA-21033)
        StreamsConfig config = new StreamsConfig(StreamsSettings.defaults()
                .properties(KafkaSettings.of("broker:9093"), TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getLong(StreamsConfig.RETRY_BACKOFF_MS_CONFIG)).isEqualTo(10L);
    }

    @Test
    void onlyTheStreamThreadsOfARunThatFinishesByItselfFetchAndHeartbeatSooner() {
        KafkaSettings service = KafkaSettings.of("broker:9093");
        StreamsConfig serviceConfig = new StreamsConfig(
                StreamsSettings.defaults().properties(service, TopicCatalogue.withDefaultPrefix(), counter));
        StreamsConfig onceConfig = new StreamsConfig(StreamsSettings.defaults()
                .properties(service.tunedToFinish(), TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(onceConfig.getMainConsumerConfigs("daybook", "c", 1))
                .containsEntry("fetch.max.wait.ms", "50")
                .containsEntry("heartbeat.interval.ms", "500");
        assertThat(serviceConfig.getMainConsumerConfigs("daybook", "c", 1))
                .as("an idle service keeps Kafka's defaults")
                .doesNotContainKeys("fetch.max.wait.ms", "heartbeat.interval.ms");
    }

    @Test
    void theKafkaConfigOverridesTheThroughputSettingsButNotTheApplicationsOwn() {
        KafkaSettings kafka = KafkaSettings.of(
                "broker:9093",
                Map.of(
                        "num.stream.threads",
                        "1",
                        "max.task.idle.ms",
                        "100",
                        "producer.compression.type",
                        "zstd",
                        "retry.backoff.ms",
                        "250",
                        "application.id",
                        "other",
                        "processing.guarantee",
                        "at_least_once"));

        StreamsConfig config = new StreamsConfig(
                StreamsSettings.defaults().properties(kafka, TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        assertThat(config.getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(100L);
        assertThat(config.getProducerConfigs("c")).containsEntry("compression.type", "zstd");
        assertThat(config.getLong(StreamsConfig.RETRY_BACKOFF_MS_CONFIG)).isEqualTo(250L);
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("daybook.aggregate");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    }

    @Test
    void eachStreamThreadJoinsAsAStaticMemberNamedAfterTheInstanceAndOnlyTheMainConsumersJoinAGroup() {
        KafkaSettings kafka = KafkaSettings.of("broker:9093").withInstanceId(new InstanceId("pod-0"));

        StreamsConfig config = new StreamsConfig(
                StreamsSettings.defaults().properties(kafka, TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getMainConsumerConfigs("daybook", "c", 1)).containsEntry("group.instance.id", "pod-0-1");
        assertThat(config.getMainConsumerConfigs("daybook", "c", 2)).containsEntry("group.instance.id", "pod-0-2");
        assertThat(config.getRestoreConsumerConfigs("c")).doesNotContainKey("group.instance.id");
        assertThat(config.getGlobalConsumerConfigs("c")).doesNotContainKey("group.instance.id");
        assertThat(config.getProducerConfigs("c")).doesNotContainKey("group.instance.id");
    }

    @Test
    void withoutAnInstanceIdTheStreamThreadsAreDynamicMembers() {
        StreamsConfig config = new StreamsConfig(StreamsSettings.defaults()
                .properties(KafkaSettings.of("broker:9093"), TopicCatalogue.withDefaultPrefix(), counter));

        assertThat(config.getMainConsumerConfigs("daybook", "c", 1)).doesNotContainKey("group.instance.id");
    }

    @Test
    void anUnknownGuaranteeIsRefused() {
        assertThatThrownBy(() -> StreamsSettings.defaults().withProcessingGuarantee("exactly_once"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly_once");
    }

    @Test
    void aHandlerWithoutACounterRefusesToStart() {
        assertThatThrownBy(() -> new CountingDeserializationExceptionHandler().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DeadLetterCounter.CONFIG);
        assertThatThrownBy(() -> new CountingProcessingExceptionHandler().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DeadLetterCounter.CONFIG);
    }
}
