package dev.daybook.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;

/**
 * Bytes on the broker's disk per topic ({@code Admin.describeLogDirs}): what the pipeline wrote to Kafka,
 * compressed as stored. Repartition topics that Kafka Streams already purged count only what is left, but a
 * purge removes whole segments only, so on a benchmark's volumes nothing is purged yet.
 */
final class KafkaFootprint {

    private KafkaFootprint() {}

    /** Bytes per topic, sorted by name; Kafka's own topics ({@code __*}) included. */
    static Map<String, Long> bytesByTopic(Admin admin) throws InterruptedException {
        try {
            Map<String, Long> bytes = new TreeMap<>();
            var brokers = admin.describeCluster().nodes().get().stream()
                    .map(node -> node.id())
                    .toList();
            for (Map<String, LogDirDescription> dirs :
                    admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    dir.replicaInfos()
                            .forEach((partition, replica) -> bytes.merge(partition.topic(), replica.size(), Long::sum));
                }
            }
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot describe the broker's log directories: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
