package dev.daybook.app.testing;

import static org.awaitility.Awaitility.await;

import dev.daybook.app.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Consumer groups as tests look at them, and the member a killed process leaves behind. */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /** The members of {@code group}; none before it exists. */
    public static List<MemberDescription> members(KafkaSettings kafka, String group) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return List.copyOf(admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("cannot describe group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing group " + group, e);
        }
    }

    /**
     * Joins {@code group} reading {@code topic}, as the instance of {@code settings} if it has one, and stops
     * without leaving, as a killed process does: the member stays until its session times out.
     */
    public static void joinAndDie(KafkaSettings settings, String group, String topic) {
        KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(settings.groupMemberProperties(
                group,
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
        try {
            member.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
        } finally {
            member.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        }
    }
}
