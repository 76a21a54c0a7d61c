package dev.daybook.app.rates;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.DailyVolumeTopology;
import dev.daybook.app.topology.DeadLetterCounter;
import dev.daybook.app.topology.StreamsSettings;
import dev.daybook.connectors.rates.coingecko.CoinGeckoAccessException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.reference.BundledReference;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The rates service on a real broker, against a CoinGecko stand-in that counts every call. */
@Tag("integration")
class RatesServiceTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    static final String NATIVE = "0x0000000000000000000000000000000000000000";
    static final String UNKNOWN = "0x00000000000000000000000000000000deadbeef";
    static final LocalDate D8 = LocalDate.parse("2024-04-08");
    static final LocalDate D9 = LocalDate.parse("2024-04-09");
    static final LocalDate D13 = LocalDate.parse("2024-04-13");
    static final LocalDate D14 = LocalDate.parse("2024-04-14");
    static final LocalDate D15 = LocalDate.parse("2024-04-15");
    static final LocalDate D16 = LocalDate.parse("2024-04-16");
    static final String SFL_RANGE_13_TO_15 =
            "/coins/sunflower-land/market_chart/range?vs_currency=usd&from=1705194000&to=1713142800";
    static final String ONE_SFL = "1000000000000000000";

    private static final AtomicInteger EVENT_IDS = new AtomicInteger();

    @TempDir
    Path stateDir;

    private final FakeCoinGecko coinGecko = new FakeCoinGecko()
            .contract("polygon-pos", SFL, "sunflower-land", "SFL", 18)
            .price("sunflower-land", D13, "0.0826953877015709")
            .price("sunflower-land", D14, "0.08023586067764414")
            .price("sunflower-land", D15, "0.10629575068267864")
            .price("sunflower-land", D16, "0.1104")
            .price("matic-network", D15, "0.713286899222239");
    private final Deque<AutoCloseable> closeAfter = new ArrayDeque<>();
    private TopicCatalogue topics;

    @BeforeEach
    void createTopics() {
        topics = kafka.createTopics();
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!closeAfter.isEmpty()) {
            closeAfter.pop().close();
        }
        coinGecko.close();
    }

    @Test
    void transactionsInACurrencyNobodyListedEndUpPricedWithFourCalls() throws Exception {
        send(
                transaction(D13, SFL, "SFL", ONE_SFL),
                transaction(D13, SFL, "SFL", "500000000000000000"),
                transaction(D14, SFL, "SFL", "2000000000000000000"),
                transaction(D15, SFL, "SFL", ONE_SFL),
                transaction(D15, NATIVE, "MATIC", "3000000000000000000"));
        startTopology();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(dailyVolume())
                        .containsExactly(
                                Map.entry("2024-04-13:4974", "2,0,2"),
                                Map.entry("2024-04-14:4974", "1,0,1"),
                                Map.entry("2024-04-15:4974", "2,0,2")));

        RatesReport report = service(new SimpleMeterRegistry()).runOnce();

        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/asset_platforms",
                        "/coins/polygon-pos/contract/" + SFL,
                        "/coins/matic-network/history?date=15-04-2024&localization=false",
                        SFL_RANGE_13_TO_15);
        assertThat(report).isEqualTo(new RatesReport(2, 0, 4, 0, 0));
        assertThat(TopicContents.table(kafka.settings(), topics.tokens().name()))
                .containsExactly(
                        Map.entry(
                                "137:" + NATIVE,
                                "{\"symbol\":\"MATIC\",\"decimals\":18,\"coin_id\":\"matic-network\"}"),
                        Map.entry("137:" + SFL, "{\"symbol\":\"SFL\",\"decimals\":18,\"coin_id\":\"sunflower-land\"}"));
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsExactly(
                        Map.entry(
                                "matic-network:2024-04-15",
                                "{\"usd\":\"0.713286899222239\",\"source\":\"coingecko:history\"}"),
                        Map.entry("sunflower-land:2024-04-13", range("0.0826953877015709")),
                        Map.entry("sunflower-land:2024-04-14", range("0.08023586067764414")),
                        Map.entry("sunflower-land:2024-04-15", range("0.10629575068267864")));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(dailyVolume())
                        .containsExactly(
                                Map.entry("2024-04-13:4974", "2,0.12404308155235635,0"),
                                Map.entry("2024-04-14:4974", "1,0.16047172135528828,0"),
                                Map.entry("2024-04-15:4974", "2,2.24615644834939564,0")));
    }

    @Test
    void theBundledCurrenciesResolveToTheBundledTokensAndTheirRatesCostOneCallPerCoin() throws Exception {
        List<TokenRow> bundled = BundledReference.tokens();
        List<RateRow> demoRates = BundledReference.demoRates().stream()
                .filter(row -> row.date().equals(D8) || row.date().equals(D9))
                .toList();
        try (FakeCoinGecko fake = new FakeCoinGecko().tokens(bundled).rates(demoRates)) {
            List<Transaction> transactions = new ArrayList<>();
            for (TokenRow row : bundled) {
                for (LocalDate day : List.of(D8, D9)) {
                    transactions.add(transaction(
                            day, row.chainId(), row.address(), row.token().symbol(), "1000000"));
                }
            }
            send(transactions.toArray(Transaction[]::new));

            RatesReport report = service(fake, new SimpleMeterRegistry()).runOnce();

            String range = "/market_chart/range?vs_currency=usd&from=1704675600&to=1712624400";
            assertThat(fake.takeRequests())
                    .containsExactly(
                            "/asset_platforms",
                            "/coins/polygon-pos/contract/0x2791bca1f2de4661ed88a30c99a7a9449aa84174",
                            "/coins/polygon-pos/contract/0x3c499c542cef5e3811e1192ce70d8cc03d5c3359",
                            "/coins/polygon-pos/contract/0xd1f9c58e33933a993a3891f8acfe05a68e1afc05",
                            "/coins/avalanche/contract/0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e",
                            "/coins/bridged-usdc-polygon-pos-bridge" + range,
                            "/coins/matic-network" + range,
                            "/coins/sunflower-land" + range,
                            "/coins/usd-coin" + range);
            assertThat(report).isEqualTo(new RatesReport(5, 0, 8, 0, 0));
            Map<String, String> expectedTokens = new TreeMap<>();
            // the fake's contract answers carry no name (CoinGeckoTokensTest covers CoinGecko's names)
            bundled.forEach(row -> expectedTokens.put(
                    row.key(),
                    json(
                            Token.class,
                            new Token(
                                    row.token().symbol(),
                                    row.token().decimals(),
                                    row.token().coinId()))));
            assertThat(TopicContents.table(kafka.settings(), topics.tokens().name()))
                    .isEqualTo(expectedTokens);
            Map<String, Rate> expectedRates = new TreeMap<>();
            demoRates.forEach(
                    row -> expectedRates.put(row.key(), new Rate(row.rate().usd(), "coingecko:market_chart/range")));
            Map<String, Rate> rates = new TreeMap<>();
            TopicContents.table(kafka.settings(), topics.rates().name())
                    .forEach((key, json) -> rates.put(
                            key,
                            JsonSerde.of(Rate.class).deserialize(topics.rates().name(), json.getBytes(UTF_8))));
            // The same prices; their scale is CoinGecko's JSON's, e.g. 1 for the file's 1.0000.
            assertThat(rates)
                    .usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(expectedRates);
        }
    }

    @Test
    void aRestartMakesNoCallsForWhatIsAlreadyPublished() throws Exception {
        send(transaction(D13, SFL, "SFL", ONE_SFL), transaction(D14, SFL, "SFL", ONE_SFL));
        try (RatesService first = service(new SimpleMeterRegistry())) {
            first.runOnce();
        }
        assertThat(coinGecko.takeRequests()).hasSize(3);

        RatesReport again = service(new SimpleMeterRegistry()).runOnce();

        assertThat(coinGecko.takeRequests()).isEmpty();
        assertThat(again).isEqualTo(new RatesReport(0, 0, 0, 0, 0));

        send(transaction(D16, SFL, "SFL", ONE_SFL));
        RatesReport newDay = service(new SimpleMeterRegistry()).runOnce();

        assertThat(coinGecko.takeRequests())
                .containsExactly("/coins/sunflower-land/history?date=16-04-2024&localization=false");
        assertThat(newDay).isEqualTo(new RatesReport(0, 0, 1, 0, 0));
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsOnlyKeys(
                        "sunflower-land:2024-04-13", "sunflower-land:2024-04-14", "sunflower-land:2024-04-16");
    }

    @Test
    void transactionsReadAgainAfterACrashBeforeTheCommitCostNoCall() throws Exception {
        send(transaction(D13, SFL, "SFL", ONE_SFL), transaction(D14, SFL, "SFL", ONE_SFL));
        service(new SimpleMeterRegistry()).runOnce();
        coinGecko.takeRequests();

        // Another group reads every transaction again, as the group would had the service crashed
        // after publishing and before committing.
        RatesSettings otherGroup = new RatesSettings(
                "rereading",
                RatesSettings.DEFAULT_RECHECK,
                RatesSettings.DEFAULT_RETRY_BACKOFF,
                RatesSettings.DEFAULT_MAX_NEW_CURRENCIES,
                RatesSettings.DEFAULT_MARKET_COINS);
        RatesReport report = service(otherGroup, new SimpleMeterRegistry(), Clock.systemUTC())
                .runOnce();

        assertThat(coinGecko.takeRequests()).isEmpty();
        assertThat(report).isEqualTo(new RatesReport(0, 0, 0, 0, 0));
    }

    @Test
    void aServiceRestartedAfterACrashTakesTheDeadMembersPlaceAtOnceAndLeavesTheGroupAfterItsRun() throws Exception {
        send(transaction(D13, SFL, "SFL", ONE_SFL));
        Duration sessionTimeout = Duration.ofSeconds(60);
        KafkaSettings instance = KafkaSettings.of(
                        kafka.bootstrapServers(),
                        Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeout.toMillis())))
                .withInstanceId(new InstanceId("rates-0"));
        RatesSettings settings = RatesSettings.defaults(topics);
        ConsumerGroups.joinAndDie(
                instance, settings.groupId(), topics.transactions().name());
        assertThat(ConsumerGroups.members(kafka.settings(), settings.groupId()))
                .as("the crashed service is still a member")
                .hasSize(1);

        long restarted = System.nanoTime();
        RatesReport report = service(instance, coinGecko, settings, new SimpleMeterRegistry(), Clock.systemUTC())
                .runOnce();

        assertThat(Duration.ofNanos(System.nanoTime() - restarted))
                .as("did not wait out the dead member's session")
                .isLessThan(sessionTimeout);
        assertThat(report).isEqualTo(new RatesReport(1, 0, 1, 0, 0));
        assertThat(ConsumerGroups.members(kafka.settings(), settings.groupId()))
                .as("a static member leaves only when told to")
                .isEmpty();
    }

    @Test
    void ratesAndTokensPublishedByOthersAreNeverFetched() throws Exception {
        publish(topics.tokens().name(), "137:" + SFL, new Token("SFL", 18, "sunflower-land"));
        publish(topics.rates().name(), "sunflower-land:2024-04-13", new Rate(new BigDecimal("0.08"), "file:rates.csv"));
        publish(topics.rates().name(), "sunflower-land:2024-04-14", new Rate(new BigDecimal("0.09"), "file:rates.csv"));
        send(
                transaction(D13, SFL, "SFL", ONE_SFL),
                transaction(D14, SFL, "SFL", ONE_SFL),
                transaction(D15, SFL, "SFL", ONE_SFL));

        RatesReport report = service(new SimpleMeterRegistry()).runOnce();

        assertThat(coinGecko.takeRequests())
                .containsExactly("/coins/sunflower-land/history?date=15-04-2024&localization=false");
        assertThat(report).isEqualTo(new RatesReport(0, 0, 1, 0, 0));
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsExactly(
                        Map.entry("sunflower-land:2024-04-13", "{\"usd\":\"0.08\",\"source\":\"file:rates.csv\"}"),
                        Map.entry("sunflower-land:2024-04-14", "{\"usd\":\"0.09\",\"source\":\"file:rates.csv\"}"),
                        Map.entry(
                                "sunflower-land:2024-04-15",
                                "{\"usd\":\"0.10629575068267864\",\"source\":\"coingecko:history\"}"));
    }

    @Test
    void anUnknownContractIsReportedOnceAndNeverAskedAgain() throws Exception {
        send(transaction(D13, UNKNOWN, "XYZ", "5"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RatesService service = service(registry);

        RatesReport report = service.runOnce();

        assertThat(coinGecko.takeRequests())
                .containsExactly("/asset_platforms", "/coins/polygon-pos/contract/" + UNKNOWN);
        assertThat(report).isEqualTo(new RatesReport(0, 1, 0, 0, 0));
        assertThat(counter(registry, "daybook.rates.unresolved", "kind", "currency"))
                .isEqualTo(1);
        assertThat(TopicContents.table(kafka.settings(), topics.tokens().name()))
                .isEmpty();
        assertThat(TopicContents.table(kafka.settings(), topics.ratesNeeds().name()))
                .hasEntrySatisfying(
                        "unknown-currency:137:" + UNKNOWN,
                        value -> assertThat(value)
                                .startsWith("{\"kind\":\"unknown_currency\",\"chain_id\":137,\"address\":\"" + UNKNOWN
                                        + "\",\"symbol\":\"XYZ\"," + "\"reason\":\"CoinGecko does not know contract "
                                        + UNKNOWN + " on polygon-pos\",\"reported_at\":"));

        send(transaction(D14, UNKNOWN, "XYZ", "7"));
        service.runOnce();
        SimpleMeterRegistry restarted = new SimpleMeterRegistry();
        RatesReport afterRestart = service(restarted).runOnce();

        assertThat(coinGecko.takeRequests()).isEmpty();
        assertThat(afterRestart).isEqualTo(new RatesReport(0, 0, 0, 0, 0));
        assertThat(counter(registry, "daybook.rates.unresolved", "kind", "currency"))
                .isEqualTo(1);
        assertThat(counter(restarted, "daybook.rates.unresolved", "kind", "currency"))
                .isZero();
        assertThat(gauge(restarted, "daybook.rates.pending", "kind", "currency"))
                .isZero();
    }

    @Test
    void manyNewCurrenciesAreLookedUpAFewPerPassAndTheRestLaterNotDropped() throws Exception {
        List<String> junk = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            junk.add(String.format("0x%040x", 0xbad000 + i));
        }
        send(junk.stream()
                .map(address -> transaction(D13, address, "JUNK", "1"))
                .toArray(Transaction[]::new));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RatesSettings twoPerPass = new RatesSettings(
                RatesSettings.defaults(topics).groupId(),
                RatesSettings.DEFAULT_RECHECK,
                RatesSettings.DEFAULT_RETRY_BACKOFF,
                2,
                RatesSettings.DEFAULT_MARKET_COINS);
        RatesService service = service(twoPerPass, registry, Clock.systemUTC());

        RatesReport first = service.runOnce();

        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/asset_platforms",
                        "/coins/polygon-pos/contract/" + junk.get(0),
                        "/coins/polygon-pos/contract/" + junk.get(1));
        assertThat(first.currenciesUnknown()).isEqualTo(2);
        assertThat(counter(registry, "daybook.rates.currencies.deferred")).isEqualTo(3);
        assertThat(gauge(registry, "daybook.rates.pending", "kind", "currency")).isEqualTo(3);

        service.runOnce();
        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/coins/polygon-pos/contract/" + junk.get(2), "/coins/polygon-pos/contract/" + junk.get(3));
        service.runOnce();
        assertThat(coinGecko.takeRequests()).containsExactly("/coins/polygon-pos/contract/" + junk.get(4));
        assertThat(counter(registry, "daybook.rates.currencies.deferred")).isEqualTo(3 + 1);
        assertThat(gauge(registry, "daybook.rates.pending", "kind", "currency")).isZero();
        assertThat(TopicContents.table(kafka.settings(), topics.ratesNeeds().name())
                        .keySet())
                .containsAll(junk.stream()
                        .map(address -> "unknown-currency:137:" + address)
                        .toList());
    }

    @Test
    void aDayCoinGeckoHasNoPriceForIsReportedOnceAndNeverAskedAgain() throws Exception {
        try (FakeCoinGecko gappy = new FakeCoinGecko()
                .contract("polygon-pos", SFL, "sunflower-land", "SFL", 18)
                .price("sunflower-land", D13, "0.0826953877015709")
                .price("sunflower-land", D15, "0.10629575068267864")) {
            send(
                    transaction(D13, SFL, "SFL", ONE_SFL),
                    transaction(D14, SFL, "SFL", ONE_SFL),
                    transaction(D15, SFL, "SFL", ONE_SFL));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            RatesReport report = service(gappy, registry).runOnce();

            assertThat(gappy.takeRequests())
                    .containsExactly("/asset_platforms", "/coins/polygon-pos/contract/" + SFL, SFL_RANGE_13_TO_15);
            assertThat(report).isEqualTo(new RatesReport(1, 0, 2, 1, 0));
            assertThat(counter(registry, "daybook.rates.unresolved", "kind", "rate"))
                    .isEqualTo(1);
            assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                    .containsOnlyKeys("sunflower-land:2024-04-13", "sunflower-land:2024-04-15");
            assertThat(TopicContents.table(kafka.settings(), topics.ratesNeeds().name()))
                    .hasEntrySatisfying(
                            "no-rate:sunflower-land:2024-04-14",
                            value -> assertThat(value)
                                    .startsWith(
                                            "{\"kind\":\"no_rate\",\"coin_id\":\"sunflower-land\",\"day\":\"2024-04-14\",\"reason\":"
                                                    + "\"CoinGecko has no USD price of 'sunflower-land' at 00:00 UTC of 2024-04-14\""));

            RatesReport afterRestart = service(gappy, new SimpleMeterRegistry()).runOnce();

            assertThat(gappy.takeRequests()).isEmpty();
            assertThat(afterRestart).isEqualTo(new RatesReport(0, 0, 0, 0, 0));
        }
    }

    @Test
    void aDayWhosePriceIsNotOutYetIsAskedForAgainWhenTheClientSays() throws Exception {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        publish(topics.tokens().name(), "137:" + SFL, new Token("SFL", 18, "sunflower-land"));
        send(transaction(yesterday, SFL, "SFL", ONE_SFL));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MutableClock clock = new MutableClock(Instant.now());
        RatesService service = service(RatesSettings.defaults(topics), registry, clock);
        String history = "/coins/sunflower-land/history?date="
                + yesterday.format(DateTimeFormatter.ofPattern("dd-MM-uuuu")) + "&localization=false";

        RatesReport deferred = service.runOnce();

        assertThat(coinGecko.takeRequests()).containsExactly(history);
        assertThat(deferred).isEqualTo(new RatesReport(0, 0, 0, 0, 1));
        assertThat(gauge(registry, "daybook.rates.pending", "kind", "rate")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(service.runOnce()).isEqualTo(new RatesReport(0, 0, 0, 0, 1));
        assertThat(coinGecko.takeRequests()).isEmpty();

        coinGecko.price("sunflower-land", yesterday, "0.1234");
        clock.advance(Duration.ofMinutes(2));
        RatesReport priced = service.runOnce();

        assertThat(coinGecko.takeRequests()).containsExactly(history);
        assertThat(priced).isEqualTo(new RatesReport(0, 0, 1, 0, 0));
        assertThat(gauge(registry, "daybook.rates.pending", "kind", "rate")).isZero();
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsExactly(Map.entry(
                        "sunflower-land:" + yesterday, "{\"usd\":\"0.1234\",\"source\":\"coingecko:history\"}"));
    }

    @Test
    void aRefusedKeyStopsTheRunWithItsMessageAndKeepsTheNeeds() throws Exception {
        send(transaction(D13, SFL, "SFL", ONE_SFL), transaction(D14, SFL, "SFL", ONE_SFL));
        try (FakeCoinGecko refusing = new FakeCoinGecko()
                .refuse(
                        401,
                        "{\"status\":{\"error_code\":10011,"
                                + "\"error_message\":\"If you are using Demo API key, please change your root URL\"}}")) {

            RatesFailedException failure = catchThrowableOfType(
                    RatesFailedException.class,
                    () -> service(refusing, new SimpleMeterRegistry()).runOnce());

            assertThat(failure)
                    .hasMessage("CoinGecko rejected the API key (10011): a demo key needs --coingecko-plan demo;"
                            + " otherwise set COINGECKO_API_KEY to a valid pro key");
            assertThat(refusing.takeRequests()).containsExactly("/asset_platforms");
        }
        assertThat(TopicContents.table(kafka.settings(), topics.ratesNeeds().name()))
                .containsOnlyKeys("need:137:" + SFL + ":2024-04-13", "need:137:" + SFL + ":2024-04-14");

        RatesReport report = service(new SimpleMeterRegistry()).runOnce();

        assertThat(report).isEqualTo(new RatesReport(1, 0, 2, 0, 0));
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsOnlyKeys("sunflower-land:2024-04-13", "sunflower-land:2024-04-14");
    }

    @Test
    void aCallFailingOnEveryAttemptFailsARunOnceAndIsTriedAgainContinuously() throws Exception {
        publish(topics.tokens().name(), "137:" + SFL, new Token("SFL", 18, "sunflower-land"));
        send(transaction(D13, SFL, "SFL", ONE_SFL));
        coinGecko.refuse(503, "{\"error\":\"overloaded\"}");
        RatesSettings quickRetry = new RatesSettings(
                "quick",
                RatesSettings.DEFAULT_RECHECK,
                Duration.ofMillis(300),
                RatesSettings.DEFAULT_MAX_NEW_CURRENCIES,
                RatesSettings.DEFAULT_MARKET_COINS);

        RatesFailedException failure = catchThrowableOfType(
                RatesFailedException.class,
                () -> service(quickRetry, new SimpleMeterRegistry(), Clock.systemUTC())
                        .runOnce());

        assertThat(failure)
                .hasMessage("CoinGecko did not answer GET /api/v3/coins/sunflower-land/history after 1 attempts"
                        + " (last: HTTP 503); the needs are kept for the next run");
        assertThat(coinGecko.takeRequests()).hasSize(1);

        CompletableFuture<Void> stopped = running(service(quickRetry, new SimpleMeterRegistry(), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(30)).until(() -> coinGecko.requestCount() >= 3);
        coinGecko.stopRefusing();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicContents.table(
                                kafka.settings(), topics.rates().name()))
                        .containsOnlyKeys("sunflower-land:2024-04-13"));
        assertThat(stopped).isNotDone();
        assertThat(coinGecko.takeRequests())
                .containsOnly("/coins/sunflower-land/history?date=13-04-2024&localization=false");
    }

    @Test
    void unreadableTransactionsAreSkippedAndCounted() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topics.transactions().name(), "garbage", "not json"))
                    .get();
        }
        send(transaction(D13, SFL, "SFL", ONE_SFL));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        RatesReport report = service(registry).runOnce();

        assertThat(report).isEqualTo(new RatesReport(1, 0, 1, 0, 0));
        assertThat(counter(
                        registry,
                        "daybook.rates.unreadable",
                        "topic",
                        topics.transactions().name()))
                .isEqualTo(1);
    }

    @Test
    void runningContinuouslyItPricesTransactionsAsTheyArrive() throws Exception {
        RatesService service = service(new SimpleMeterRegistry());
        CompletableFuture<Void> stopped = running(service);

        send(transaction(D13, SFL, "SFL", ONE_SFL));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicContents.table(
                                kafka.settings(), topics.rates().name()))
                        .containsOnlyKeys("sunflower-land:2024-04-13"));
        send(transaction(D14, SFL, "SFL", ONE_SFL), transaction(D13, SFL, "SFL", ONE_SFL));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicContents.table(
                                kafka.settings(), topics.rates().name()))
                        .containsOnlyKeys("sunflower-land:2024-04-13", "sunflower-land:2024-04-14"));
        service.close();

        assertThat(stopped).succeedsWithin(Duration.ofSeconds(10));
        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/asset_platforms",
                        "/coins/polygon-pos/contract/" + SFL,
                        "/coins/sunflower-land/history?date=13-04-2024&localization=false",
                        "/coins/sunflower-land/history?date=14-04-2024&localization=false");
    }

    @Test
    void aRefusedKeyStopsTheContinuousService() throws Exception {
        coinGecko.refuse(401, "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}");
        CompletableFuture<Void> stopped = running(service(new SimpleMeterRegistry()));

        send(transaction(D13, SFL, "SFL", ONE_SFL));

        assertThat(stopped)
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(CoinGeckoAccessException.class)
                .withMessage("CoinGecko needs an API key (10002): set COINGECKO_API_KEY to your demo or pro key");
    }

    @Test
    void theStartedServiceTellsItsListenerWhyItStopped() throws Exception {
        coinGecko.refuse(401, "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}");
        CompletableFuture<String> reported = new CompletableFuture<>();
        service(new SimpleMeterRegistry()).start(reported::complete);

        send(transaction(D13, SFL, "SFL", ONE_SFL));

        assertThat(reported)
                .succeedsWithin(Duration.ofSeconds(30))
                .isEqualTo("CoinGecko needs an API key (10002): set COINGECKO_API_KEY to your demo or pro key");
    }

    /** {@link RatesService#run()} on a thread of its own: completes when it returns, or with what it threw. */
    private static CompletableFuture<Void> running(RatesService service) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        service.run();
                    } catch (RatesFailedException e) {
                        throw new CompletionException(e);
                    }
                },
                runnable -> new Thread(runnable, "daybook-rates").start());
    }

    private RatesService service(MeterRegistry registry) {
        return service(coinGecko, registry);
    }

    private RatesService service(FakeCoinGecko fake, MeterRegistry registry) {
        return service(fake, RatesSettings.defaults(topics), registry, Clock.systemUTC());
    }

    private RatesService service(RatesSettings settings, MeterRegistry registry, Clock clock) {
        return service(coinGecko, settings, registry, clock);
    }

    private RatesService service(FakeCoinGecko fake, RatesSettings settings, MeterRegistry registry, Clock clock) {
        return service(kafka.settings(), fake, settings, registry, clock);
    }

    private RatesService service(
            KafkaSettings kafkaSettings,
            FakeCoinGecko fake,
            RatesSettings settings,
            MeterRegistry registry,
            Clock clock) {
        CoinGeckoClient client = CoinGeckoClient.create(fake.config().withMaxAttempts(1), registry);
        RatesService service = new RatesService(settings, kafkaSettings, topics, client, registry, clock);
        closeAfter.push(client);
        closeAfter.push(service);
        return service;
    }

    private void startTopology() {
        StreamsSettings settings = StreamsSettings.defaults()
                .withApplicationId("rates-" + topics.prefix())
                .withStateDir(stateDir);
        KafkaStreams streams = new KafkaStreams(
                DailyVolumeTopology.build(DailyVolumeConfig.defaults(topics)),
                settings.properties(kafka.bootstrapServers(), topics, new DeadLetterCounter()));
        closeAfter.push(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
    }

    /** The daily-volume table as "transactions,volume,unpriced" per key. */
    private Map<String, String> dailyVolume() {
        JsonSerde<DailyVolume> serde = JsonSerde.of(DailyVolume.class);
        Map<String, String> rows = new TreeMap<>();
        TopicContents.table(kafka.settings(), topics.dailyVolume().name()).forEach((key, json) -> {
            DailyVolume row = serde.deserialize(topics.dailyVolume().name(), json.getBytes(UTF_8));
            rows.put(
                    key,
                    row.numTransactions() + "," + row.totalVolumeUsd().toPlainString() + ","
                            + row.unpricedTransactions());
        });
        return rows;
    }

    private static String range(String usd) {
        return "{\"usd\":\"" + usd + "\",\"source\":\"coingecko:market_chart/range\"}";
    }

    static Transaction transaction(LocalDate day, String currency, String symbol, String amountRaw) {
        return transaction(day, 137, currency, symbol, amountRaw);
    }

    static Transaction transaction(LocalDate day, long chainId, String currency, String symbol, String amountRaw) {
        String id = "event-" + EVENT_IDS.incrementAndGet();
        return new Transaction(
                id,
                day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
                "BUY_ITEMS",
                "4974",
                chainId,
                currency,
                symbol,
                new BigInteger(amountRaw),
                null,
                new SourceRef("file:///test.csv", 0, 2));
    }

    private static <T> String json(Class<T> type, T value) {
        return new String(JsonSerde.of(type).serialize("t", value), UTF_8);
    }

    private void send(Transaction... transactions) throws Exception {
        JsonSerde<Transaction> serde = JsonSerde.of(Transaction.class);
        try (KafkaProducer<String, String> producer = producer()) {
            for (Transaction transaction : transactions) {
                producer.send(new ProducerRecord<>(
                                topics.transactions().name(),
                                transaction.eventId(),
                                new String(serde.serialize(topics.transactions().name(), transaction), UTF_8)))
                        .get();
            }
        }
    }

    private <T> void publish(String topic, String key, T value) throws Exception {
        @SuppressWarnings("unchecked")
        JsonSerde<T> serde = JsonSerde.of((Class<T>) value.getClass());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, new String(serde.serialize(topic, value), UTF_8)))
                    .get();
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
