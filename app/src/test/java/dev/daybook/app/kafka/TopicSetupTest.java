package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.TopicCatalogue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class TopicSetupTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void createsEveryTopicWithItsPartitionsAndSettings() throws Exception {
        TopicCatalogue topics = kafka.uniqueTopics();
        try (Admin admin = kafka.admin()) {
            new TopicSetup(topics, 3, 1).apply(admin);

            List<String> names = List.of(
                    topics.transactions().name(),
                    topics.tokens().name(),
                    topics.rates().name(),
                    topics.dailyVolume().name(),
                    topics.ingestProgress().name(),
                    topics.ratesNeeds().name(),
                    topics.deadLetter().name());
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get();
            assertThat(descriptions.values()).allSatisfy(d -> {
                assertThat(d.partitions()).hasSize(3);
                assertThat(d.partitions().get(0).replicas()).hasSize(1);
            });

            Map<String, Config> configs = configs(admin, names);
            assertThat(value(configs, topics.transactions().name(), "cleanup.policy"))
                    .isEqualTo("delete");
            assertThat(value(configs, topics.transactions().name(), "retention.ms"))
                    .isEqualTo("-1");
            assertThat(value(configs, topics.transactions().name(), "compression.type"))
                    .isEqualTo("zstd");
            for (String compacted : List.of(
                    topics.tokens().name(),
                    topics.rates().name(),
                    topics.dailyVolume().name(),
                    topics.ingestProgress().name(),
                    topics.ratesNeeds().name())) {
                assertThat(value(configs, compacted, "cleanup.policy"))
                        .as(compacted)
                        .isEqualTo("compact");
            }
            assertThat(value(configs, topics.deadLetter().name(), "cleanup.policy"))
                    .isEqualTo("delete");
            assertThat(value(configs, topics.deadLetter().name(), "retention.ms"))
                    .isEqualTo("7776000000");
        }
    }

    @Test
    void runsAgainWithoutChangingAnything() throws Exception {
        TopicCatalogue topics = kafka.uniqueTopics();
        try (Admin admin = kafka.admin()) {
            new TopicSetup(topics, 2, TopicSetup.BROKER_DEFAULT_REPLICATION).apply(admin);
            new TopicSetup(topics, 2, TopicSetup.BROKER_DEFAULT_REPLICATION).apply(admin);

            assertThat(admin.listTopics().names().get())
                    .filteredOn(n -> n.startsWith(topics.prefix()))
                    .containsExactlyInAnyOrder(
                            topics.transactions().name(),
                            topics.tokens().name(),
                            topics.rates().name(),
                            topics.dailyVolume().name(),
                            topics.dailyCurrencyVolume().name(),
                            topics.ingestProgress().name(),
                            topics.ratesNeeds().name(),
                            topics.deadLetter().name());
        }
    }

    @Test
    void failsInOneLineWhenAnExistingTableTopicIsNotCompacted() throws Exception {
        TopicCatalogue topics = kafka.uniqueTopics();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.rates().name(), 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get();

            assertThatThrownBy(() -> new TopicSetup(topics).apply(admin))
                    .isInstanceOf(TopicSetupException.class)
                    .hasMessage(
                            "topic " + topics.rates().name() + " has cleanup.policy=delete but Daybook needs compact"
                                    + " (kafka-configs.sh --alter --entity-type topics --entity-name "
                                    + topics.rates().name()
                                    + " --add-config cleanup.policy=compact)");
        }
    }

    @Test
    void refusesImpossibleCounts() {
        TopicCatalogue topics = TopicCatalogue.withDefaultPrefix();
        assertThatThrownBy(() -> new TopicSetup(topics, 0, 1)).hasMessage("partitions must be at least 1, not 0");
        assertThatThrownBy(() -> new TopicSetup(topics, 1, 0))
                .hasMessage("replication factor must be at least 1 or -1 (broker default), not 0");
    }

    private static Map<String, Config> configs(Admin admin, List<String> names) throws Exception {
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private static String value(Map<String, Config> configs, String topic, String name) {
        return configs.get(topic).get(name).value();
    }
}
