package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sink writes every table of the warehouse model from its own topic, and a replay changes none of them. */
@Tag("integration")
class SinkModelTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final SinkSettings FAST =
            new SinkSettings(5000, Duration.ofMillis(100), 3, Duration.ofMillis(10), Duration.ofMillis(50));

    @TempDir
    Path dir;

    private final List<SinkRunner> runners = new ArrayList<>();
    private DuckDbWarehouse warehouse;

    @AfterEach
    void closeAll() {
        runners.forEach(SinkRunner::close);
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void everyTableOfTheModelIsWrittenFromItsTopicAndAReplayFromTheStartChangesNothing() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        Transaction first = transaction("e1", "2024-01-01T10:00:00Z");
        Transaction second = transaction("e2", "2024-01-02T10:00:00Z");
        send(topics.transactions(), first.eventId(), first);
        send(topics.transactions(), second.eventId(), second);
        send(topics.transactions(), first.eventId(), first); // a duplicate the aggregation drops too
        send(topics.transactions(), "not-its-id", second); // dead-lettered by the aggregation, skipped here
        send(topics.tokens(), Keys.token(137, SFL), new Token("SFL", 18, "sunflower-land"));
        send(topics.rates(), Keys.rate("sunflower-land", LocalDate.parse("2024-01-01")), new Rate(BigDecimal.ONE, "f"));
        send(topics.rates(), Keys.rate("sunflower-land", LocalDate.parse("2024-01-01")), new Rate(BigDecimal.TEN, "f"));
        send(topics.dailyCurrencyVolume(), currency(1, "10", 4).key(), currency(1, "10", 4));
        send(topics.dailyCurrencyVolume(), currency(1, "1", 2).key(), currency(1, "1", 2));
        send(topics.dailyVolume(), "2024-01-01:4974", row("2024-01-01", 1, "10", 4));
        send(topics.dailyVolume(), "2024-01-02:4974", row("2024-01-02", 1, "0", 1));
        warehouse = new DuckDbWarehouse(dir.resolve("daybook.duckdb"));

        runner(topics, "model", warehouse).runUntilCaughtUp();
        Map<String, List<String>> written = tables(warehouse);
        runner(topics, "model-replayed-from-the-start", warehouse).runUntilCaughtUp();

        assertThat(tables(warehouse)).isEqualTo(written);
        assertThat(written.get("transactions")).containsExactly("e1,2024-01-01,0x22d5", "e2,2024-01-02,0x22d5");
        assertThat(written.get("daily_currency_volume")).containsExactly("2024-01-01,4974,137," + SFL + ",1,10.0,4");
        assertThat(written.get("coin_daily")).containsExactly("sunflower-land,2024-01-01,10.0");
        assertThat(written.get("tokens")).containsExactly("137," + SFL + ",SFL,18,sunflower-land");
        assertThat(written.get("dates")).containsExactly("2024-01-01,2024,1,1,1", "2024-01-02,2024,1,1,2");
        assertThat(written.get("daily_volume")).hasSize(2);
    }

    @Test
    void withoutTheRawLayerTheSinkWritesEveryOtherTableAndLeavesTransactionsEmpty() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        Transaction first = transaction("e1", "2024-01-01T10:00:00Z");
        send(topics.transactions(), first.eventId(), first);
        send(topics.tokens(), Keys.token(137, SFL), new Token("SFL", 18, "sunflower-land"));
        send(topics.dailyCurrencyVolume(), currency(1, "10", 4).key(), currency(1, "10", 4));
        send(topics.dailyVolume(), "2024-01-01:4974", row("2024-01-01", 1, "10", 4));
        warehouse = new DuckDbWarehouse(dir.resolve("daybook.duckdb"));
        SinkSettings withoutRawLayer = new SinkSettings(
                FAST.batchRows(),
                FAST.batchInterval(),
                FAST.retries(),
                FAST.retryBackoff(),
                FAST.retryBackoffMax(),
                FAST.writeInterval(),
                false);
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, "no-raw-layer", warehouse, withoutRawLayer);
        runners.add(runner);

        runner.runUntilCaughtUp();
        Map<String, List<String>> written = tables(warehouse);

        assertThat(written.get("transactions")).isEmpty();
        assertThat(written.get("daily_volume")).hasSize(1);
        assertThat(written.get("daily_currency_volume")).containsExactly("2024-01-01,4974,137," + SFL + ",1,10.0,4");
        assertThat(written.get("tokens")).containsExactly("137," + SFL + ",SFL,18,sunflower-land");
        assertThat(written.get("dates")).containsExactly("2024-01-01,2024,1,1,1");
    }

    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";

    private static Transaction transaction(String eventId, String ts) {
        return new Transaction(
                eventId,
                Instant.parse(ts).toEpochMilli(),
                "BUY_ITEMS",
                "4974",
                137,
                SFL,
                "SFL",
                BigInteger.TEN,
                null,
                new SourceRef("file:/a.csv", 0, 2),
                null,
                "0x22d5",
                "1",
                null,
                null,
                null,
                "DE",
                null,
                null,
                null,
                null,
                null);
    }

    private static DailyCurrencyVolume currency(long count, String usd, long version) {
        return new DailyCurrencyVolume(
                LocalDate.parse("2024-01-01"), "4974", 137, SFL, count, new BigDecimal(usd), 0, version);
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic.name(), utf8(key), topic.serializeValue(value)))
                    .get();
        }
    }

    /** Every model table's rows but daily_volume's, as the columns the test sets, sorted; daily_volume's too. */
    private static Map<String, List<String>> tables(DuckDbWarehouse target) throws Exception {
        Map<String, List<String>> tables = new HashMap<>();
        tables.put(
                "daily_volume",
                target.read().stream().map(DailyVolume::toString).toList());
        target.close();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + target.file());
                Statement statement = connection.createStatement()) {
            tables.put(
                    "transactions",
                    strings(statement, "SELECT event_id, date, collection_address FROM transactions ORDER BY 1"));
            tables.put(
                    "daily_currency_volume",
                    strings(
                            statement,
                            "SELECT date, project_id, chain_id, currency_address, num_transactions,"
                                    + " volume_usd, version FROM daily_currency_volume ORDER BY ALL"));
            tables.put(
                    "coin_daily", strings(statement, "SELECT coin_id, date, price_usd FROM coin_daily ORDER BY ALL"));
            tables.put("tokens", strings(statement, "SELECT chain_id, address, symbol, decimals, coin_id FROM tokens"));
            tables.put(
                    "dates",
                    strings(statement, "SELECT date, year, quarter, month, day_of_week FROM dates ORDER BY 1"));
        }
        target.prepare();
        return tables;
    }

    private static List<String> strings(Statement statement, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : ",").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static DailyVolume row(String day, long count, String usd, long version) {
        return new DailyVolume(LocalDate.parse(day), "4974", count, new BigDecimal(usd), 0, version);
    }

    private SinkRunner runner(TopicCatalogue topics, String group, DuckDbWarehouse target) {
        SinkRunner runner = new SinkRunner(kafka.settings(), topics, group, target, FAST);
        runners.add(runner);
        return runner;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> properties = kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        properties.putAll(extra);
        return new KafkaProducer<>(properties);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
