package dev.daybook.app.ingest;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decimals of every currency in the compacted {@code tokens} topic, which the ingester needs to compare
 * a row's decimal amount with its raw one. Read whole when the ingester starts, then followed by a thread of
 * its own, so that a token published later (the rates service resolving a currency) counts from then on.
 * Tokens are few: they are all held in memory. A record that cannot be read counts as no token. Thread-safe.
 */
final class TokenDecimals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenDecimals.class);
    private static final Duration FOLLOW_POLL = Duration.ofSeconds(1);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Topic<String, Token> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<String> onNewToken;
    private final Map<Currency, Integer> decimals = new ConcurrentHashMap<>();
    private final CloseSignal closing = new CloseSignal();
    private final Thread follower;

    private TokenDecimals(
            Topic<String, Token> topic, KafkaConsumer<byte[], byte[]> consumer, Consumer<String> onNewToken) {
        this.topic = topic;
        this.consumer = consumer;
        this.onNewToken = onNewToken;
        this.follower = new Thread(this::followUntilClosed, "daybook-ingest-tokens");
        this.follower.setDaemon(true);
    }

    /**
     * Reads the topic to its end, then follows it.
     *
     * @param onNewToken told the key ({@code chain_id:address}) of each token the first time it is known
     * @throws IngestFailedException if the topic does not exist or cannot be read within {@code timeout}
     */
    static TokenDecimals follow(
            KafkaSettings kafka, Topic<String, Token> topic, Duration timeout, Consumer<String> onNewToken) {
        TokenDecimals tokens = new TokenDecimals(topic, CommittedRecords.consumer(kafka), onNewToken);
        try {
            CommittedRecords.readToEnd(tokens.consumer, topic.name(), timeout, tokens::read);
        } catch (KafkaException e) {
            KafkaSettings.closeWithoutGroup(tokens.consumer);
            throw IngestFailedException.cannotRead(topic.name(), e);
        }
        log.info("Checking amounts with the decimals of {} tokens from {}", tokens.decimals.size(), topic.name());
        tokens.follower.start();
        return tokens;
    }

    /** The decimals of the transaction's currency, empty while its token is not known. */
    OptionalInt of(Transaction transaction) {
        Integer known = decimals.get(new Currency(transaction.chainId(), transaction.currencyAddress()));
        return known == null ? OptionalInt.empty() : OptionalInt.of(known);
    }

    /**
     * A token's key parsed, {@code chain_id:address} (the address lower-case, as in a transaction): looked up
     * for every row, it spares building the key string for each.
     */
    private record Currency(long chainId, String address) {

        /** Null if the key is not {@code chain_id:address}. */
        static Currency ofKey(String key) {
            int colon = key.indexOf(':');
            try {
                return colon < 1 ? null : new Currency(Long.parseLong(key, 0, colon, 10), key.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private void followUntilClosed() {
        try {
            while (!closing.isClosed()) {
                try {
                    consumer.poll(FOLLOW_POLL).forEach(this::read);
                } catch (WakeupException e) {
                    // closing
                } catch (KafkaException e) {
                    log.warn("Cannot follow {}, trying again in {}: {}", topic.name(), RETRY_DELAY, e.toString());
                    closing.pause(RETRY_DELAY);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            KafkaSettings.closeWithoutGroup(consumer);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Currency currency = Currency.ofKey(key);
        if (currency == null) {
            log.warn(
                    "Ignoring a token whose key is not chain_id:address ({}-{}@{}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    key);
            return;
        }
        if (record.value() == null) {
            decimals.remove(currency);
            return;
        }
        try {
            Token token = topic.deserializeValue(record.value());
            if (decimals.put(currency, token.decimals()) == null) {
                onNewToken.accept(key);
            }
        } catch (SerializationException e) {
            decimals.remove(currency);
            log.warn(
                    "Ignoring an unreadable token {} ({}-{}@{}): {}",
                    key,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        closing.close();
        consumer.wakeup();
        try {
            follower.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
