package dev.daybook.app.topology;

import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The daily-volume topology in a TopologyTestDriver, with its inputs and outputs as test topics. */
final class DailyVolumeDriver implements AutoCloseable {

    static final TopicCatalogue TOPICS = TopicCatalogue.forPrefix("test.");
    static final Instant START = Instant.parse("2024-08-01T00:00:00Z");

    static final long POLYGON = 137;
    static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    static final String USDC = "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359";
    static final Token SFL_TOKEN = new Token("SFL", 18, "sunflower-land");
    static final Token USDC_TOKEN = new Token("USDC", 6, "usd-coin");

    /** "stage/reason" of every dead letter, as the counter's listener heard them. */
    final List<String> deadLetterReasons = new CopyOnWriteArrayList<>();

    final DeadLetterCounter deadLetterCounter =
            new DeadLetterCounter((stage, reason) -> deadLetterReasons.add(stage + "/" + reason));
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Transaction> transactions;
    private final TestInputTopic<String, Token> tokens;
    private final TestInputTopic<String, Rate> rates;
    private final TestOutputTopic<String, DailyVolume> dailyVolume;
    private final TestOutputTopic<String, DailyCurrencyVolume> dailyCurrencyVolume;
    private final Map<String, DailyCurrencyVolume> currencyTable = new LinkedHashMap<>();
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final List<KeyValue<String, DailyVolume>> history = new ArrayList<>();
    private final Map<String, DailyVolume> table = new LinkedHashMap<>();

    DailyVolumeDriver(Path stateDir) {
        this(stateDir, DailyVolumeConfig.defaults(TOPICS));
    }

    DailyVolumeDriver(Path stateDir, DailyVolumeConfig config) {
        this(StreamsSettings.defaults().withApplicationId("daybook-test").withStateDir(stateDir), config);
    }

    /**
     * The driver commits after every record whatever the commit interval, so it runs with an interval of zero:
     * the pre-aggregation, which buffers for one commit interval, then passes records straight through as a
     * real application committing that often would. {@code PreAggregationTest} covers the buffering.
     */
    DailyVolumeDriver(StreamsSettings settings, DailyVolumeConfig config) {
        this(config, settings.withCommitInterval(Duration.ZERO));
    }

    /** A driver whose topology pre-aggregates for {@code commitInterval} of wall-clock time, as deployed. */
    static DailyVolumeDriver preAggregating(Path stateDir, Duration commitInterval) {
        StreamsSettings settings = StreamsSettings.defaults()
                .withApplicationId("daybook-test")
                .withStateDir(stateDir)
                .withCommitInterval(commitInterval);
        return new DailyVolumeDriver(DailyVolumeConfig.defaults(TOPICS), settings);
    }

    private DailyVolumeDriver(DailyVolumeConfig config, StreamsSettings settings) {
        driver = new TopologyTestDriver(
                DailyVolumeTopology.build(config),
                settings.properties("unused:9092", TOPICS, deadLetterCounter),
                START);
        transactions = driver.createInputTopic(
                TOPICS.transactions().name(),
                new StringSerializer(),
                TOPICS.transactions().valueSerde().serializer());
        tokens = driver.createInputTopic(
                TOPICS.tokens().name(),
                new StringSerializer(),
                JsonSerde.of(Token.class).serializer());
        rates = driver.createInputTopic(
                TOPICS.rates().name(),
                new StringSerializer(),
                JsonSerde.of(Rate.class).serializer());
        dailyVolume = driver.createOutputTopic(
                TOPICS.dailyVolume().name(),
                new StringDeserializer(),
                JsonSerde.of(DailyVolume.class).deserializer());
        dailyCurrencyVolume = driver.createOutputTopic(
                TOPICS.dailyCurrencyVolume().name(),
                new StringDeserializer(),
                JsonSerde.of(DailyCurrencyVolume.class).deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Transaction transaction(String eventId, String ts, String projectId, String address, String raw) {
        return new Transaction(
                eventId,
                Instant.parse(ts).toEpochMilli(),
                "BUY_ITEMS",
                projectId,
                POLYGON,
                address,
                null,
                new BigInteger(raw),
                null,
                new SourceRef("file:/data/events.csv", 0, 2));
    }

    static Transaction decimalOnly(String eventId, String ts, String projectId, String address, String decimal) {
        return new Transaction(
                eventId,
                Instant.parse(ts).toEpochMilli(),
                "SELL_ITEMS",
                projectId,
                POLYGON,
                address,
                null,
                null,
                new BigDecimal(decimal),
                new SourceRef("file:/data/events.csv", 0, 3));
    }

    /** Sends a transaction keyed by its event id, with its event time as record timestamp. */
    void send(Transaction transaction) {
        send(transaction.eventId(), transaction);
    }

    void send(String key, Transaction transaction) {
        transactions.pipeInput(key, transaction, transaction == null ? START.toEpochMilli() : transaction.ts());
    }

    void token(String address, Token token) {
        token(POLYGON, address, token);
    }

    void token(long chainId, String address, Token token) {
        tokens.pipeInput(Keys.token(chainId, address), token);
    }

    void rate(String coinId, String day, String usd) {
        rates.pipeInput(Keys.rate(coinId, LocalDate.parse(day)), new Rate(new BigDecimal(usd), "test"));
    }

    void sendBytes(String topic, byte[] key, byte[] value) {
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(key, value);
    }

    /** Every record written to an output or internal topic (e.g. a changelog) since the last call. */
    <K, V> List<TestRecord<K, V>> written(String topic, Deserializer<K> keys, Deserializer<V> values) {
        return driver.createOutputTopic(topic, keys, values).readRecordsToList();
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** Every daily-volume record emitted so far, in order. */
    List<KeyValue<String, DailyVolume>> history() {
        drain();
        return List.copyOf(history);
    }

    /** The daily-volume table as a compacted topic would hold it: the latest row per key. */
    Map<String, DailyVolume> table() {
        drain();
        return Map.copyOf(table);
    }

    /**
     * The daily-currency-volume table as a compacted topic would hold it: the latest row per key; each key's
     * versions must only grow.
     */
    Map<String, DailyCurrencyVolume> currencyTable() {
        for (KeyValue<String, DailyCurrencyVolume> record : dailyCurrencyVolume.readKeyValuesToList()) {
            DailyCurrencyVolume held = currencyTable.get(record.key);
            if (held != null && held.version() >= record.value.version()) {
                throw new AssertionError(
                        "version of " + record.key + " went from " + held.version() + " to " + record.value.version());
            }
            currencyTable.put(record.key, record.value);
        }
        return Map.copyOf(currencyTable);
    }

    DailyVolume row(String day, String projectId) {
        return table().get(Keys.dailyVolume(LocalDate.parse(day), projectId));
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    long duplicatesDropped() {
        return DailyVolumeTopology.duplicatesDropped(driver.metrics());
    }

    <K, V> Map<K, V> store(String name) {
        Map<K, V> contents = new LinkedHashMap<>();
        driver.<K, V>getKeyValueStore(name).all().forEachRemaining(entry -> contents.put(entry.key, entry.value));
        return contents;
    }

    private void drain() {
        for (KeyValue<String, DailyVolume> record : dailyVolume.readKeyValuesToList()) {
            history.add(record);
            table.put(record.key, record.value);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
