package dev.daybook.app.topology;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The topics of one application running a topology, by their full names, read from the topology's description:
 * the topics Kafka Streams creates for it (a {@code <application.id>-<store>-changelog} per state store, and an
 * {@code <application.id>-<topic>} per topic the topology both writes and reads: its repartition and foreign-key
 * subscription topics), the topics it consumes and the ones it writes for others. Taken from the topology rather than
 * matched by a name pattern, they never include the topics of another application whose id merely starts with this
 * one's.
 */
public final class InternalTopics {

    private InternalTopics() {}

    /** The names, sorted; a store without logging has no changelog, so not every name need exist. */
    public static Set<String> of(Topology topology, String applicationId) {
        Edges edges = Edges.of(topology);
        Set<String> internal = new TreeSet<>(edges.changelogs(applicationId));
        edges.read().stream()
                .filter(edges.written()::contains)
                .forEach(topic -> internal.add(applicationId + "-" + topic));
        return internal;
    }

    /** Every topic the application consumes: its source topics, and its repartition and subscription topics. */
    public static Set<String> inputs(Topology topology, String applicationId) {
        Edges edges = Edges.of(topology);
        Set<String> inputs = new TreeSet<>();
        for (String topic : edges.read()) {
            inputs.add(edges.written().contains(topic) ? applicationId + "-" + topic : topic);
        }
        return inputs;
    }

    /** The topics the topology writes and does not read itself: its results, which a reset empties. */
    public static Set<String> outputs(Topology topology) {
        Edges edges = Edges.of(topology);
        Set<String> outputs = new TreeSet<>(edges.written());
        outputs.removeAll(edges.read());
        return outputs;
    }

    /** The topics the topology's sources read and its sinks write, unprefixed, and its stores. */
    private record Edges(Set<String> read, Set<String> written, Set<String> stores) {

        static Edges of(Topology topology) {
            Edges edges = new Edges(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
            for (TopologyDescription.Subtopology subtopology :
                    topology.describe().subtopologies()) {
                for (TopologyDescription.Node node : subtopology.nodes()) {
                    if (node instanceof TopologyDescription.Source source) {
                        edges.read.addAll(source.topicSet());
                    } else if (node instanceof TopologyDescription.Sink sink) {
                        edges.written.add(sink.topic());
                    } else if (node instanceof TopologyDescription.Processor processor) {
                        edges.stores.addAll(processor.stores());
                    }
                }
            }
            return edges;
        }

        Set<String> changelogs(String applicationId) {
            Set<String> changelogs = new TreeSet<>();
            stores.forEach(store -> changelogs.add(applicationId + "-" + store + "-changelog"));
            return changelogs;
        }
    }
}
