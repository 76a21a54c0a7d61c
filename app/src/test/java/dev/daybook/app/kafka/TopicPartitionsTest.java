package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.testing.KafkaBroker;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class TopicPartitionsTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void aTopicHasEveryPartitionItWasCreatedWith() throws Exception {
        String topic = kafka.createTopics().transactions().name();
        try (KafkaConsumer<byte[], byte[]> consumer = CommittedRecords.consumer(kafka.settings())) {
            assertThat(TopicPartitions.of(consumer, topic, Duration.ofSeconds(30), IllegalStateException::new))
                    .containsExactly(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            assertThat(TopicPartitions.of(consumer, topic, IllegalStateException::new))
                    .hasSize(2);
        }
    }

    @Test
    void aTopicThatDoesNotExistFailsWithTheCallersExceptionSayingHowToCreateIt() {
        String topic = kafka.uniqueTopics().rates().name();
        try (KafkaConsumer<byte[], byte[]> consumer = CommittedRecords.consumer(kafka.settings())) {
            assertThatThrownBy(() ->
                            TopicPartitions.of(consumer, topic, Duration.ofSeconds(30), IllegalStateException::new))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "topic " + topic + " does not exist: start daybook run against this cluster once with the"
                                    + " same --topic-prefix (it creates Daybook's topics)");
        }
    }
}
