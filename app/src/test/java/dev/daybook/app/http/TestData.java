package dev.daybook.app.http;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Three days of four projects. Every (day, project) has one USDC transaction worth n USD, n = 1..12 in
 * date-then-project order; 2024-04-15/4974 also has 2 SFL at 0.04 USD, and 2024-04-16/1881 a transaction
 * in an unknown currency (unpriced). Records carry their event time as timestamp; tokens and rates are older.
 */
final class TestData {

    static final long POLYGON = 137;
    static final String USDC = "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359";
    static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    static final String UNKNOWN = "0x00000000000000000000000000000000000000aa";
    static final List<String> PROJECTS = List.of("1881", "4974", "7001", "9002");
    static final List<LocalDate> DAYS =
            List.of(LocalDate.of(2024, 4, 14), LocalDate.of(2024, 4, 15), LocalDate.of(2024, 4, 16));
    static final Instant REFERENCE_TIME = Instant.parse("2024-04-01T00:00:00Z");
    /** The newest record: the unpriced transaction. */
    static final Instant NEWEST = Instant.parse("2024-04-16T10:30:00Z");

    /** The whole table as the API must answer it, byte for byte. */
    static final String TABLE = json(List.of(
            row("2024-04-14", "1881", 1, "1", 0), row("2024-04-14", "4974", 1, "2", 0),
            row("2024-04-14", "7001", 1, "3", 0), row("2024-04-14", "9002", 1, "4", 0),
            row("2024-04-15", "1881", 1, "5", 0), row("2024-04-15", "4974", 2, "6.08", 0),
            row("2024-04-15", "7001", 1, "7", 0), row("2024-04-15", "9002", 1, "8", 0),
            row("2024-04-16", "1881", 2, "9", 1), row("2024-04-16", "4974", 1, "10", 0),
            row("2024-04-16", "7001", 1, "11", 0), row("2024-04-16", "9002", 1, "12", 0)));

    private TestData() {}

    static void produce(KafkaBroker kafka, TopicCatalogue topics) {
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(
                    producer,
                    topics.tokens().name(),
                    Keys.token(POLYGON, USDC),
                    JsonSerde.of(Token.class).serialize(topics.tokens().name(), new Token("USDC", 6, "usd-coin")),
                    REFERENCE_TIME);
            send(
                    producer,
                    topics.tokens().name(),
                    Keys.token(POLYGON, SFL),
                    JsonSerde.of(Token.class).serialize(topics.tokens().name(), new Token("SFL", 18, "sunflower-land")),
                    REFERENCE_TIME);
            for (LocalDate day : DAYS) {
                rate(producer, topics, "usd-coin", day, "1");
            }
            rate(producer, topics, "sunflower-land", LocalDate.of(2024, 4, 15), "0.04");
            int n = 1;
            for (LocalDate day : DAYS) {
                for (int p = 0; p < PROJECTS.size(); p++, n++) {
                    Instant ts = day.atTime(10, p).toInstant(ZoneOffset.UTC);
                    transaction(
                            producer,
                            topics,
                            transaction(
                                    "u-" + day + "-" + PROJECTS.get(p),
                                    ts,
                                    PROJECTS.get(p),
                                    USDC,
                                    BigInteger.valueOf(n).multiply(BigInteger.TEN.pow(6))));
                }
            }
            transaction(
                    producer,
                    topics,
                    transaction(
                            "sfl-1",
                            Instant.parse("2024-04-15T11:00:00Z"),
                            "4974",
                            SFL,
                            new BigInteger("2000000000000000000")));
            transaction(producer, topics, transaction("unknown-1", NEWEST, "1881", UNKNOWN, BigInteger.ONE));
            producer.flush();
        }
    }

    static Transaction transaction(String eventId, Instant ts, String projectId, String currency, BigInteger raw) {
        return new Transaction(
                eventId,
                ts.toEpochMilli(),
                "BUY_ITEMS",
                projectId,
                POLYGON,
                currency,
                null,
                raw,
                null,
                new SourceRef("file:/test/events.csv", 0, 2));
    }

    static void transaction(KafkaProducer<String, byte[]> producer, TopicCatalogue topics, Transaction transaction) {
        send(
                producer,
                topics.transactions().name(),
                transaction.eventId(),
                topics.transactions().serializeValue(transaction),
                Instant.ofEpochMilli(transaction.ts()));
    }

    static KafkaProducer<String, byte[]> producer(KafkaBroker kafka) {
        return new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    /** Sends the record and waits for the broker to take it, so that a send that fails fails the test here. */
    static void send(
            KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value, Instant timestamp) {
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send " + key + " to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + key + " to " + topic, e);
        }
    }

    static String json(List<String> rows) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        rows.forEach(array::add);
        return array.toString();
    }

    static String row(String date, String projectId, long transactions, String usd, long unpriced) {
        return "{\"date\":\"" + date + "\",\"project_id\":\"" + projectId + "\",\"num_transactions\":" + transactions
                + ",\"total_volume_usd\":\"" + usd + "\",\"unpriced_transactions\":" + unpriced + "}";
    }

    /** A row of {@code /api/currency-volume} on Polygon; {@code coinId} null for an unknown currency. */
    static String currencyRow(
            String date,
            String projectId,
            String address,
            String coinId,
            long transactions,
            String usd,
            long unpriced) {
        return "{\"date\":\"" + date + "\",\"project_id\":\"" + projectId + "\",\"chain_id\":" + POLYGON
                + ",\"currency_address\":\"" + address + "\",\"coin_id\":"
                + (coinId == null ? "null" : "\"" + coinId + "\"") + ",\"num_transactions\":" + transactions
                + ",\"total_volume_usd\":\"" + usd + "\",\"unpriced_transactions\":" + unpriced + "}";
    }

    /** The rows of {@link #TABLE} that {@code keep} accepts, in order. */
    static String rows(Predicate<String> keep) {
        List<String> kept = new ArrayList<>();
        for (String row : TABLE.substring(1, TABLE.length() - 1).split("(?<=}),", -1)) {
            if (keep.test(row)) {
                kept.add(row);
            }
        }
        return json(kept);
    }

    private static void rate(
            KafkaProducer<String, byte[]> producer, TopicCatalogue topics, String coin, LocalDate day, String usd) {
        send(
                producer,
                topics.rates().name(),
                Keys.rate(coin, day),
                JsonSerde.of(Rate.class).serialize(topics.rates().name(), new Rate(new BigDecimal(usd), "test")),
                REFERENCE_TIME);
    }
}
