package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes the rates service's output: tokens, rates and {@code rates-needs} records. */
final class RatesPublisher implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final TopicCatalogue topics;
    private final KafkaProducer<String, byte[]> producer;
    private final Topic<String, NeedsRecord> needs;
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();

    RatesPublisher(KafkaSettings kafka, TopicCatalogue topics) {
        this.topics = topics;
        this.needs = NeedsRecord.topic(topics);
        this.producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class)));
    }

    void token(Currency currency, Token token) {
        send(topics.tokens(), currency.tokenKey(), token);
    }

    void rate(CoinDay pair, Rate rate) {
        send(topics.rates(), pair.key(), rate);
    }

    void needsRecord(NeedsRecord record) {
        send(needs, record.key(), record);
    }

    /**
     * Waits until everything sent is acknowledged.
     *
     * @throws KafkaException if a record could not be written
     */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : unconfirmed) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } finally {
            unconfirmed.clear();
        }
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        unconfirmed.add(producer.send(new ProducerRecord<>(topic.name(), key, topic.serializeValue(value))));
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
