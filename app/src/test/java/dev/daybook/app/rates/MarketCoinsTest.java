package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.connectors.rates.coingecko.CoinGeckoAccessException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMarkets;
import dev.daybook.connectors.rates.coingecko.CoinGeckoRates;
import dev.daybook.connectors.rates.coingecko.CoinGeckoTokens;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the daily market snapshot is due, and what a failed one waits for; none of these reach Kafka. */
class MarketCoinsTest {

    private static final Instant NOW = Instant.parse("2024-04-15T00:10:00Z");
    private static final Duration BACKOFF = Duration.ofMinutes(1);

    private final FakeCoinGecko coinGecko = new FakeCoinGecko();
    private final CoinGeckoClient client =
            CoinGeckoClient.create(coinGecko.config().withMaxAttempts(1), new SimpleMeterRegistry());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock(NOW);
    private final RatesMemory memory = new RatesMemory(RatesSettings.DEFAULT_RECHECK);

    @AfterEach
    void close() {
        client.close();
        coinGecko.close();
    }

    private MarketCoins marketCoins(int count) {
        RatesSettings defaults = RatesSettings.defaults(TopicCatalogue.withDefaultPrefix());
        RatesSettings settings =
                new RatesSettings(defaults.groupId(), defaults.recheck(), BACKOFF, defaults.maxNewCurrencies(), count);
        CoinGeckoCalls calls = new CoinGeckoCalls(
                new CoinGeckoRates(client), new CoinGeckoTokens(client), new CoinGeckoMarkets(client), () -> false);
        return new MarketCoins(settings, memory, new RatesMetrics(registry), clock, calls);
    }

    private double failed(String reason) {
        return registry.get("daybook.rates.market.failed")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void offByDefaultAndDueOncePerUtcDayOtherwise() {
        assertThat(marketCoins(0).due()).isFalse();
        MarketCoins marketCoins = marketCoins(250);
        assertThat(marketCoins.due()).isTrue();

        memory.marketRate(LocalDate.parse("2024-04-15"));
        assertThat(marketCoins.due()).isFalse();
        clock.now = Instant.parse("2024-04-15T23:59:59Z");
        assertThat(marketCoins.due()).isFalse();
        clock.now = Instant.parse("2024-04-16T00:00:00Z");
        assertThat(marketCoins.due()).isTrue();
    }

    @Test
    void aTransientFailureIsCountedAndTriedAgainAfterTheBackoff() throws Exception {
        MarketCoins marketCoins = marketCoins(250);
        coinGecko.refuse(503, "{\"error\":\"overloaded\"}");

        marketCoins.take(null); // a failed snapshot publishes nothing

        assertThat(failed("transient")).isEqualTo(1);
        assertThat(marketCoins.due()).isFalse();
        clock.now = NOW.plus(BACKOFF).minusMillis(1);
        assertThat(marketCoins.due()).isFalse();
        clock.now = NOW.plus(BACKOFF);
        assertThat(marketCoins.due()).isTrue();
    }

    @Test
    void anUnexpectedAnswerIsCountedAndTriedAgainTheNextUtcDay() throws Exception {
        MarketCoins marketCoins = marketCoins(250);
        coinGecko.marketsAnswer("{\"coins\":[]}");

        marketCoins.take(null);

        assertThat(failed("unexpected_answer")).isEqualTo(1);
        assertThat(failed("transient")).isZero();
        clock.now = Instant.parse("2024-04-15T23:59:59Z");
        assertThat(marketCoins.due()).isFalse();
        clock.now = Instant.parse("2024-04-16T00:00:00Z");
        assertThat(marketCoins.due()).isTrue();
    }

    @Test
    void aRefusedKeyStopsTheServiceLikeAnyCall() {
        MarketCoins marketCoins = marketCoins(250);
        coinGecko.refuse(401, "{\"status\":{\"error_code\":10010,\"error_message\":\"Invalid API Key\"}}");

        assertThatThrownBy(() -> marketCoins.take(null)).isInstanceOf(CoinGeckoAccessException.class);
    }

    /** A clock the test sets. */
    private static final class MovingClock extends Clock {

        private volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
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
