package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.Topics;
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

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerde<Token> tokenSerde = JsonSerde.of(Token.class);
    private final JsonSerde<Rate> rateSerde = JsonSerde.of(Rate.class);
    private final JsonSerde<NeedsRecord> needsSerde = JsonSerde.of(NeedsRecord.class);
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();

    RatesPublisher(KafkaSettings kafka, Topics topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    void token(Currency currency, Token token) {
        send(topics.tokens(), currency.tokenKey(), tokenSerde.serialize(topics.tokens(), token));
    }

    void rate(CoinDay pair, Rate rate) {
        send(topics.rates(), pair.key(), rateSerde.serialize(topics.rates(), rate));
    }

    void needsRecord(NeedsRecord record) {
        send(topics.ratesNeeds(), record.key(), needsSerde.serialize(topics.ratesNeeds(), record));
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

    private void send(String topic, String key, byte[] value) {
        unconfirmed.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
