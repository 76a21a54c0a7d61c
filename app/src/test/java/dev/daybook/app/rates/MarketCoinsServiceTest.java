package dev.daybook.app.rates;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --market-coins}: the rates service's daily market snapshot on a real broker, against a CoinGecko stand-in. */
@Tag("integration")
class MarketCoinsServiceTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final String SOURCE = "\"source\":\"coingecko:coins/markets\"}";

    private final FakeCoinGecko coinGecko = new FakeCoinGecko();
    private final CoinGeckoClient client =
            CoinGeckoClient.create(coinGecko.config().withMaxAttempts(1), new SimpleMeterRegistry());
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private TopicCatalogue topics;

    @BeforeEach
    void createTopics() {
        topics = kafka.createTopics();
    }

    @AfterEach
    void close() {
        client.close();
        coinGecko.close();
    }

    @Test
    void theTopCoinsAreKeptOnceADayWithoutReplacingADaysPrice() throws Exception {
        publishRate("usd-coin:" + today, new Rate(new BigDecimal("1.0002"), "file:rates.csv"));
        coinGecko
                .market("bitcoin", "63512.123456789012345678", "1250123456789.5", "28123456789.25")
                .market("usd-coin", "1.0001", "33000000000", "5000000000")
                .market("tether", "0.9998", null, "41000000000.75")
                .market("beyond-the-top", "1", "1", "1");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (RatesService service = service(3, registry)) {
            service.runOnce();
            service.runOnce();
        }

        assertThat(coinGecko.takeRequests())
                .containsExactly(
                        "/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=3&page=1&precision=full");
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name()))
                .containsExactly(
                        Map.entry(
                                "bitcoin:" + today,
                                "{\"usd\":\"63512.123456789012345678\",\"market_cap_usd\":\"1250123456789.5\","
                                        + "\"volume_24h_usd\":\"28123456789.25\"," + SOURCE),
                        Map.entry(
                                "tether:" + today,
                                "{\"usd\":\"0.9998\",\"volume_24h_usd\":\"41000000000.75\"," + SOURCE),
                        Map.entry("usd-coin:" + today, "{\"usd\":\"1.0002\",\"source\":\"file:rates.csv\"}"));
        assertThat(registry.get("daybook.rates.market.published").counter().count())
                .isEqualTo(2);

        // A restart learns from the rates topic that today's snapshot is taken.
        try (RatesService restarted = service(3, new SimpleMeterRegistry())) {
            restarted.runOnce();
        }
        assertThat(coinGecko.takeRequests()).isEmpty();
    }

    @Test
    void aMalformedAnswerIsCountedAndNeitherFailsTheRunNorIsAskedForAgainThatDay() throws Exception {
        coinGecko.marketsAnswer("{\"status\":{\"error_message\":\"maintenance\"}}");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (RatesService service = service(250, registry)) {
            service.runOnce();
            service.runOnce();
        }

        assertThat(coinGecko.takeRequests()).hasSize(1);
        assertThat(registry.get("daybook.rates.market.failed")
                        .tag("reason", "unexpected_answer")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(TopicContents.table(kafka.settings(), topics.rates().name())).isEmpty();
    }

    private RatesService service(int marketCoins, SimpleMeterRegistry registry) {
        RatesSettings defaults = RatesSettings.defaults(topics);
        RatesSettings settings = new RatesSettings(
                defaults.groupId(),
                defaults.recheck(),
                defaults.retryBackoff(),
                defaults.maxNewCurrencies(),
                marketCoins);
        return new RatesService(settings, kafka.settings(), topics, client, registry, Clock.systemUTC());
    }

    private void publishRate(String key, Rate rate) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
            String value =
                    new String(JsonSerde.of(Rate.class).serialize(topics.rates().name(), rate), UTF_8);
            producer.send(new ProducerRecord<>(topics.rates().name(), key, value))
                    .get();
        }
    }
}
