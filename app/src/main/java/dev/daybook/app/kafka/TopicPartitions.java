package dev.daybook.app.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Every partition of a topic, or a failure that says the topic does not exist and how to create it. */
public final class TopicPartitions {

    private TopicPartitions() {}

    /**
     * @param missing makes the failure from its one-line message when the topic does not exist
     */
    public static <E extends Exception> List<TopicPartition> of(
            Consumer<?, ?> consumer, String topic, Duration timeout, Function<String, E> missing) throws E {
        return of(consumer.partitionsFor(topic, timeout), topic, missing);
    }

    /** {@link #of(Consumer, String, Duration, Function)} within the consumer's {@code default.api.timeout.ms}. */
    public static <E extends Exception> List<TopicPartition> of(
            Consumer<?, ?> consumer, String topic, Function<String, E> missing) throws E {
        return of(consumer.partitionsFor(topic), topic, missing);
    }

    /** Every partition of the topics, as the cluster describes them now. */
    public static List<TopicPartition> of(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
    }

    private static <E extends Exception> List<TopicPartition> of(
            List<PartitionInfo> infos, String topic, Function<String, E> missing) throws E {
        if (infos == null || infos.isEmpty()) {
            throw missing.apply("topic " + topic + " does not exist: start daybook run against this cluster once with"
                    + " the same --topic-prefix (it creates Daybook's topics)");
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }
}
