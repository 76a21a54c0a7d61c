package dev.daybook.app.topology;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The topics Kafka Streams creates for one application running a topology, by their full names, read from
 * the topology's description: a {@code <application.id>-<store>-changelog} per state store, and an
 * {@code <application.id>-<topic>} per topic the topology both writes and reads (its repartition and
 * foreign-key subscription topics). Taken from the topology rather than matched by a name pattern, they never
 * include the topics of another application whose id merely starts with this one's.
 */
public final class InternalTopics {

    private InternalTopics() {}

    /** The names, sorted; a store without logging has no changelog, so not every name need exist. */
    public static Set<String> of(Topology topology, String applicationId) {
        Set<String> internal = new TreeSet<>();
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    read.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    written.add(sink.topic());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> internal.add(applicationId + "-" + store + "-changelog"));
                }
            }
        }
        read.stream().filter(written::contains).forEach(topic -> internal.add(applicationId + "-" + topic));
        return internal;
    }

    /** The topics the topology writes and does not read itself: its results, which a reset empties. */
    public static Set<String> outputs(Topology topology) {
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    read.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    written.add(sink.topic());
                }
            }
        }
        written.removeAll(read);
        return written;
    }
}
