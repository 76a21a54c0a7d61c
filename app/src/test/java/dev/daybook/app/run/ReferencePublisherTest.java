package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.TopicCatalogue;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A restart with the same reference files publishes nothing; a changed file publishes what changed. */
@Tag("integration")
class ReferencePublisherTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static Rate usd(String value) {
        return new Rate(new BigDecimal(value), "file:/rates.csv");
    }

    @Test
    void publishesOnlyWhatTheCompactedTopicDoesNotHoldAlready() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        ReferencePublisher publisher = new ReferencePublisher(kafka.settings());
        Map<String, Rate> first =
                Map.of("sunflower-land:2024-04-15", usd("0.1063"), "usd-coin:2024-04-15", usd("1.0004"));

        assertThat(publisher.publish(topics.rates(), first, Rate::sameFiguresAs))
                .containsExactly("sunflower-land:2024-04-15", "usd-coin:2024-04-15");
        assertThat(publisher.publish(topics.rates(), first, Rate::sameFiguresAs))
                .isEmpty();
        Map<String, Rate> sameFromAnotherFile =
                Map.of("sunflower-land:2024-04-15", new Rate(new BigDecimal("0.10630"), "file:/other.csv"));
        assertThat(publisher.publish(topics.rates(), sameFromAnotherFile, Rate::sameFiguresAs))
                .isEmpty();

        Map<String, Rate> second = Map.of(
                "sunflower-land:2024-04-15",
                usd("0.1063"),
                "usd-coin:2024-04-15",
                usd("1.0005"),
                "usd-coin:2024-04-16",
                usd("1.0007"));
        assertThat(publisher.publish(topics.rates(), second, Rate::sameFiguresAs))
                .containsExactly("usd-coin:2024-04-15", "usd-coin:2024-04-16");

        assertThat(records(topics.rates().name()))
                .containsExactly(
                        "sunflower-land:2024-04-15",
                        "usd-coin:2024-04-15",
                        "usd-coin:2024-04-15",
                        "usd-coin:2024-04-16");
        assertThat(publisher.read(topics.rates())).isEqualTo(second);

        Rate withMarketData = new Rate(
                new BigDecimal("0.1063"), new BigDecimal("48213337.5"), new BigDecimal("1234.5"), "file:/rates.csv");
        Map<String, Rate> third = Map.of("sunflower-land:2024-04-15", withMarketData);
        assertThat(publisher.publish(topics.rates(), third, Rate::sameFiguresAs))
                .containsExactly("sunflower-land:2024-04-15");
        assertThat(publisher.read(topics.rates())).containsEntry("sunflower-land:2024-04-15", withMarketData);
    }

    /** The keys of every record of the topic, in partition then offset order. */
    private static List<String> records(String topic) {
        return TopicContents.records(kafka.settings(), topic).stream()
                .sorted(Comparator.comparingInt((ConsumerRecord<String, String> record) -> record.partition())
                        .thenComparingLong(ConsumerRecord::offset))
                .map(ConsumerRecord::key)
                .toList();
    }
}
