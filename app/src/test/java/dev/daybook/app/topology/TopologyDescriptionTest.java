package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;
import org.junit.jupiter.api.Test;

/**
 * State stores and internal topics are named after the topology's names; renaming one loses its state on
 * upgrade. These names are a contract: change them only with a reset plan.
 */
class TopologyDescriptionTest {

    private final TopologyDescription description =
            DailyVolumeTopology.build(DailyVolumeConfig.defaults(TOPICS)).describe();

    @Test
    void theStateStoresHaveTheirStableNames() {
        Set<String> stores = new TreeSet<>();
        nodes().stream()
                .filter(Processor.class::isInstance)
                .forEach(node -> stores.addAll(((Processor) node).stores()));

        assertThat(stores)
                .containsExactlyInAnyOrder(
                        "tokens",
                        "rates",
                        "dedup-seen",
                        "dedup-log",
                        "bucket-buffer",
                        "buckets",
                        "token-join-subscription-store",
                        "currency-buckets",
                        "rate-join-subscription-store",
                        "contributions",
                        "daily-totals",
                        "currency-daily-totals");
    }

    @Test
    void theTopicsHaveTheirStableNames() {
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (Node node : nodes()) {
            if (node instanceof Source source) {
                read.addAll(source.topicSet());
            } else if (node instanceof Sink sink) {
                written.add(sink.topic());
            }
        }
        Set<String> internal = Set.of(
                "bucket-repartition",
                "daily-repartition",
                "currency-daily-repartition",
                "token-join-subscription-registration-topic",
                "token-join-subscription-response-topic",
                "rate-join-subscription-registration-topic",
                "rate-join-subscription-response-topic");

        assertThat(read)
                .containsExactlyInAnyOrderElementsOf(union(
                        internal,
                        Set.of(
                                TOPICS.transactions().name(),
                                TOPICS.tokens().name(),
                                TOPICS.rates().name())));
        assertThat(written)
                .containsExactlyInAnyOrderElementsOf(union(
                        internal,
                        Set.of(
                                TOPICS.dailyVolume().name(),
                                TOPICS.dailyCurrencyVolume().name())));
    }

    @Test
    void theOutputsAreTheTopicsWrittenAndNotRead() {
        assertThat(InternalTopics.outputs(DailyVolumeTopology.build(DailyVolumeConfig.defaults(TOPICS))))
                .containsExactlyInAnyOrder(
                        TOPICS.dailyVolume().name(),
                        TOPICS.dailyCurrencyVolume().name());
    }

    @Test
    void buildingIsAPureFunctionOfTheConfig() {
        assertThat(DailyVolumeTopology.build(DailyVolumeConfig.defaults(TOPICS)).describe())
                .isEqualTo(description);
    }

    @Test
    void noNodeHasAGeneratedName() {
        assertThat(nodes()).extracting(Node::name).noneMatch(name -> name.matches(".*-\\d{10}$"));
    }

    private Set<Node> nodes() {
        Set<Node> nodes = new HashSet<>();
        description.subtopologies().forEach(subtopology -> nodes.addAll(subtopology.nodes()));
        return nodes;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }
}
