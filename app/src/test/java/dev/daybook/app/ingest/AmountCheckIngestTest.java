package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.run.ReferencePublisher;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingester compares each row's decimal amount with its raw one, using the decimals of the tokens topic,
 * and counts the disagreements per currency; every transaction carries both amounts as the row had them.
 */
@Tag("integration")
class AmountCheckIngestTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final long POLYGON = 137;
    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    private static final String USDC = "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359";
    private static final String MATIC = "0x0000000000000000000000000000000000000000";
    private static final String UNKNOWN = "0x00000000000000000000000000000000000000aa";
    private static final IngestSettings SETTINGS =
            IngestSettings.DEFAULTS.withBatchRows(3).withRetries(5, Duration.ofMillis(10), Duration.ofMillis(50));

    /** Rows of one file: line 2 on, with what their decimal amount is to the check. */
    private static final List<String> ROWS = List.of(
            // the decimal printed through a double, as in real files: agrees
            row(
                    POLYGON,
                    SFL,
                    "SFL",
                    "\"currencyValueRaw\":\"364528625334421950\",\"currencyValueDecimal\":\"0.36452862533442193\""),
            // the raw value never scaled, as in real files: disagrees
            row(
                    POLYGON,
                    SFL,
                    "SFL",
                    "\"currencyValueDecimal\":\"700000000000000000\",\"currencyValueRaw\":\"700000000000000000\""),
            // scaled by 6 decimals instead of 18: disagrees
            row(
                    POLYGON,
                    SFL,
                    "SFL",
                    "\"currencyValueRaw\":\"1800000000000000000\",\"currencyValueDecimal\":\"1800000000000\""),
            // unscaled in a 6-decimal currency: disagrees
            row(POLYGON, USDC, "USDC", "\"currencyValueRaw\":\"1800000\",\"currencyValueDecimal\":\"1800000\""),
            // exact: agrees
            row(POLYGON, USDC, "USDC", "\"currencyValueRaw\":\"2500000\",\"currencyValueDecimal\":\"2.5\""),
            // unscaled, but nobody knows this currency's decimals: unchecked, not a disagreement
            row(POLYGON, UNKNOWN, "XYZ", "\"currencyValueRaw\":\"5000\",\"currencyValueDecimal\":\"5000\""),
            // one amount only: nothing to compare
            row(POLYGON, USDC, "USDC", "\"currencyValueDecimal\":\"3.25\""),
            row(POLYGON, SFL, "SFL", "\"currencyValueRaw\":\"42\""));

    @TempDir
    Path dir;

    /** The ingester's state directory, kept across the restarts of a test as {@code --state-dir} is. */
    @TempDir
    Path stateDir;

    @Test
    void disagreementsAreCountedPerCurrencyUnknownTokensAreUncheckedAndBothAmountsAreKept() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publishTokens(
                topics,
                Map.of(
                        Keys.token(POLYGON, SFL),
                        new Token("SFL", 18, "sunflower-land"),
                        Keys.token(POLYGON, USDC),
                        new Token("USDC", 6, "usd-coin"),
                        Keys.token(POLYGON, MATIC),
                        new Token("MATIC", 18, "matic-network")));
        List<String> rows = new ArrayList<>(ROWS);
        rows.add(ROWS.get(1)); // a copy of a disagreeing row is read, and counted, again
        write("events.csv", rows);
        MeterRegistry meters = new SimpleMeterRegistry();

        IngestStats stats = runOnce(topics, local(), meters);

        assertThat(disagreements(meters, SFL)).isEqualTo(3);
        assertThat(disagreements(meters, USDC)).isEqualTo(1);
        assertThat(disagreements(meters, MATIC))
                .as("a known token is exported before its first disagreement")
                .isZero();
        assertThat(meters.find(AmountMetrics.DISAGREEMENTS).counters()).hasSize(3);
        assertThat(meters.get(AmountMetrics.UNCHECKED).counter().count()).isEqualTo(1);
        assertThat(stats.transactions()).isEqualTo(9);
        assertThat(stats.amountDisagreements()).isEqualTo(4);
        assertThat(stats.amountUnchecked()).isEqualTo(1);
        IngestProgress done = Committed.progress(
                        kafka.settings(), topics.ingestProgress().name())
                .values()
                .iterator()
                .next();
        assertThat(done.amountDisagreements()).isEqualTo(4);
        assertThat(done.amountUnchecked()).isEqualTo(1);

        Map<Long, Transaction> byLine = Committed.transactions(
                        kafka.settings(), topics.transactions().name())
                .stream()
                .collect(Collectors.toMap(t -> t.source().line(), t -> t));
        assertThat(byLine).hasSize(9);
        assertThat(amounts(byLine.get(3L)))
                .as("both amounts are kept as the row had them")
                .containsExactly(new BigInteger("700000000000000000"), new BigDecimal("700000000000000000"));
        assertThat(amounts(byLine.get(4L)))
                .containsExactly(new BigInteger("1800000000000000000"), new BigDecimal("1800000000000"));
        assertThat(amounts(byLine.get(5L))).containsExactly(new BigInteger("1800000"), new BigDecimal("1800000"));
        assertThat(amounts(byLine.get(7L))).containsExactly(new BigInteger("5000"), new BigDecimal("5000"));
        assertThat(amounts(byLine.get(8L)))
                .as("no raw amount: the decimal one")
                .containsExactly(null, new BigDecimal("3.25"));
        assertThat(amounts(byLine.get(9L))).containsExactly(new BigInteger("42"), null);
        assertThat(amounts(byLine.get(10L)))
                .containsExactly(new BigInteger("700000000000000000"), new BigDecimal("700000000000000000"));
    }

    @Test
    void rowsReadAgainAfterAReadFailureAreCountedOnce() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publishTokens(
                topics,
                Map.of(
                        Keys.token(POLYGON, SFL),
                        new Token("SFL", 18, "sunflower-land"),
                        Keys.token(POLYGON, USDC),
                        new Token("USDC", 6, "usd-coin")));
        write("events.csv", ROWS);
        // Chunks of 3 rows: the failure falls inside the second chunk, after its USDC disagreement was read.
        long failAt = offsetAfter(ROWS, 4) + 10;
        MeterRegistry meters = new SimpleMeterRegistry();

        IngestStats stats = runOnce(topics, new TestSources.Flaky(local(), failAt, 2, object -> true), meters);

        assertThat(stats.rowsRead()).isEqualTo(ROWS.size());
        assertThat(disagreements(meters, SFL)).isEqualTo(2);
        assertThat(disagreements(meters, USDC)).isEqualTo(1);
        assertThat(meters.get(AmountMetrics.UNCHECKED).counter().count()).isEqualTo(1);
        assertThat(stats.amountDisagreements()).isEqualTo(3);
    }

    @Test
    void aTokenPublishedWhileTheIngesterRunsIsUsedForTheRowsReadAfterIt() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publishTokens(topics, Map.of(Keys.token(POLYGON, SFL), new Token("SFL", 18, "sunflower-land")));
        String unscaledUsdc =
                row(POLYGON, USDC, "USDC", "\"currencyValueRaw\":\"1800000\",\"currencyValueDecimal\":\"1800000\"");
        write("first.csv", List.of(unscaledUsdc));
        MeterRegistry meters = new SimpleMeterRegistry();
        LocalDirectorySource source = local();
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofMillis(200), tracker),
                        index,
                        meters)) {
            ingester.start(reason -> {});
            await().atMost(Duration.ofSeconds(20)).until(() -> ingester.stats().objects() == 1);
            assertThat(ingester.stats().amountUnchecked()).isEqualTo(1);
            assertThat(meters.find(AmountMetrics.DISAGREEMENTS)
                            .tag("currency_address", USDC)
                            .counter())
                    .isNull();

            publishTokens(topics, Map.of(Keys.token(POLYGON, USDC), new Token("USDC", 6, "usd-coin")));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meters.find(AmountMetrics.DISAGREEMENTS)
                                    .tag("currency_address", USDC)
                                    .counter()
                            != null);
            write("second.csv", List.of(unscaledUsdc.replace("BUY_ITEMS", "SELL_ITEMS")));

            await().atMost(Duration.ofSeconds(20)).until(() -> ingester.stats().objects() == 2);
            assertThat(ingester.stats().amountUnchecked()).isEqualTo(1);
            assertThat(ingester.stats().amountDisagreements()).isEqualTo(1);
            assertThat(disagreements(meters, USDC)).isEqualTo(1);
        }
    }

    @Test
    void anUnreadableOrDeletedTokenLeavesItsRowsUncheckedAndTheIngesterGoesOn() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        publishTokens(topics, Map.of(Keys.token(POLYGON, SFL), new Token("SFL", 18, "sunflower-land")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            producer.send(new ProducerRecord<>(
                            topics.tokens().name(),
                            Keys.token(POLYGON, USDC),
                            "not a token".getBytes(StandardCharsets.UTF_8)))
                    .get();
            producer.send(new ProducerRecord<>(topics.tokens().name(), Keys.token(POLYGON, SFL), null))
                    .get();
        }
        write("events.csv", ROWS);
        MeterRegistry meters = new SimpleMeterRegistry();

        IngestStats stats = runOnce(topics, local(), meters);

        assertThat(stats.transactions()).isEqualTo(ROWS.size());
        assertThat(stats.amountDisagreements()).isZero();
        assertThat(stats.amountUnchecked()).as("every row with both amounts").isEqualTo(6);
        assertThat(meters.get(AmountMetrics.UNCHECKED).counter().count()).isEqualTo(6);
    }

    private static String row(long chainId, String address, String symbol, String nums) {
        String props = "{\"chainId\":\"" + chainId + "\",\"currencyAddress\":\"" + address + "\",\"currencySymbol\":\""
                + symbol + "\",\"collectionAddress\":\"0x49f2d0e3\"}";
        List<String> fields = List.of(
                "seq-market",
                "2024-04-15 02:15:07.167",
                "BUY_ITEMS",
                "4974",
                "",
                "",
                "u1",
                "s1",
                "DE",
                "desktop",
                "macOS",
                "14",
                "Chrome",
                "123",
                props,
                "{" + nums + "}");
        return fields.stream()
                .map(field -> "\"" + field.replace("\"", "\"\"") + "\"")
                .collect(Collectors.joining(","));
    }

    private void write(String file, List<String> rows) throws Exception {
        String header = SequenceFormat.COLUMNS.stream()
                .map(column -> "\"" + column + "\"")
                .collect(Collectors.joining(","));
        Files.writeString(dir.resolve(file), header + "\n" + String.join("\n", rows) + "\n");
    }

    /** Byte offset of the row after the first {@code count} rows. */
    private static long offsetAfter(List<String> rows, int count) {
        long offset = String.join(",", SequenceFormat.COLUMNS).length() + 2L * SequenceFormat.COLUMNS.size() + 1;
        for (String row : rows.subList(0, count)) {
            offset += row.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return offset;
    }

    private static void publishTokens(TopicCatalogue topics, Map<String, Token> tokens) throws InterruptedException {
        new ReferencePublisher(kafka.settings()).publish(topics.tokens(), tokens, Token::equals);
    }

    private LocalDirectorySource local() {
        return new LocalDirectorySource(dir.toUri().toString());
    }

    private IngestStats runOnce(TopicCatalogue topics, ObjectSource source, MeterRegistry meters)
            throws InterruptedException {
        try (ProgressIndex index = progressIndex(topics);
                Ingester ingester = new Ingester(
                        SETTINGS,
                        kafka.settings(),
                        topics,
                        source,
                        tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                        index,
                        meters)) {
            return ingester.runOnce();
        }
    }

    private static double disagreements(MeterRegistry meters, String address) {
        Counter counter = meters.get(AmountMetrics.DISAGREEMENTS)
                .tag("chain_id", Long.toString(POLYGON))
                .tag("currency_address", address)
                .counter();
        return counter.count();
    }

    private static List<Object> amounts(Transaction transaction) {
        return Arrays.asList(transaction.amountRaw(), transaction.amountDecimal());
    }

    private ProgressIndex progressIndex(TopicCatalogue topics) {
        return ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
    }
}
