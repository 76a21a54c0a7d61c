package dev.daybook.app.run;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes reference data (tokens, rates) to its compacted topic, but only the entries whose value differs
 * from what the topic already holds: every record published re-prices the days that use it and bumps their
 * versions, so a restart with the same files must publish nothing.
 */
public final class ReferencePublisher {

    private static final Logger log = LoggerFactory.getLogger(ReferencePublisher.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaSettings kafka;

    public ReferencePublisher(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /**
     * Publishes each entry of {@code wanted} whose key the topic does not hold with the same value.
     *
     * @param same whether a held value is as good as the wanted one (e.g. the same price from another file)
     * @return the keys published
     */
    public <T> List<String> publish(Topic<String, T> topic, Map<String, T> wanted, BiPredicate<T, T> same)
            throws InterruptedException {
        Map<String, T> held = read(topic);
        List<String> changed = wanted.entrySet().stream()
                .filter(entry ->
                        !held.containsKey(entry.getKey()) || !same.test(held.get(entry.getKey()), entry.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (!changed.isEmpty()) {
            write(topic, changed, wanted);
        }
        log.info(
                "{}: {} of {} entries published, the others are unchanged",
                topic.name(),
                changed.size(),
                wanted.size());
        return changed;
    }

    /** The newest value of each key in the topic; a value that cannot be read counts as absent. */
    <T> Map<String, T> read(Topic<String, T> topic) throws InterruptedException {
        Map<String, T> values = new HashMap<>();
        try {
            CommittedRecords.read(
                    kafka,
                    topic.name(),
                    READ_TIMEOUT,
                    record -> values.put(CommittedRecords.key(record), readable(topic, record.value())));
        } catch (InterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while reading " + topic.name());
        }
        values.values().removeIf(Objects::isNull);
        return values;
    }

    private static <T> T readable(Topic<String, T> topic, byte[] value) {
        try {
            return topic.deserializeValue(value);
        } catch (SerializationException e) {
            return null;
        }
    }

    private <T> void write(Topic<String, T> topic, List<String> keys, Map<String, T> values)
            throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class)))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String key : keys) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), key, topic.serializeValue(values.get(key)))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot publish to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
