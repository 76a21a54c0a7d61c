package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMarkets;
import dev.daybook.connectors.rates.coingecko.CoinGeckoRates;
import dev.daybook.connectors.rates.coingecko.CoinGeckoTokens;
import dev.daybook.connectors.rates.coingecko.TokenResolution;
import dev.daybook.schemas.Token;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rates service's calls to CoinGecko stop once the service is closing. */
class CoinGeckoCallsTest {

    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";

    private final FakeCoinGecko coinGecko =
            new FakeCoinGecko().contract("polygon-pos", SFL, "sunflower-land", "SFL", 18);
    private final CoinGeckoClient client =
            CoinGeckoClient.create(coinGecko.config().withMaxAttempts(1), new SimpleMeterRegistry());
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CoinGeckoCalls calls = new CoinGeckoCalls(
            new CoinGeckoRates(client), new CoinGeckoTokens(client), new CoinGeckoMarkets(client), closing::get);

    @AfterEach
    void close() {
        client.close();
        coinGecko.close();
    }

    @Test
    void aCallIsMadeWhileTheServiceRuns() throws Exception {
        TokenResolution resolution = calls.resolve(new Currency(137, SFL));

        assertThat(resolution).isEqualTo(new TokenResolution.Known(new Token("SFL", 18, "sunflower-land")));
        assertThat(coinGecko.takeRequests()).containsExactly("/asset_platforms", "/coins/polygon-pos/contract/" + SFL);
        assertThat(calls.underway()).isFalse();
    }

    @Test
    void noCallStartsOnceTheServiceIsClosing() {
        closing.set(true);

        assertThatThrownBy(() -> calls.resolve(new Currency(137, SFL)))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("the rates service is closing");
        assertThat(coinGecko.takeRequests()).isEmpty();
        assertThat(calls.underway()).isFalse();
    }
}
