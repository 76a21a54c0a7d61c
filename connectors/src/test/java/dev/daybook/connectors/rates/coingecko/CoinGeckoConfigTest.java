package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.retry.Backoff;
import dev.daybook.connectors.retry.RetryPolicy;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoinGeckoConfigTest {

    private final RetryPolicy policy =
            CoinGeckoConfig.of(CoinGeckoPlan.DEMO, null).retryPolicy();

    @Test
    void backsOffFromTwoSecondsUpToAMinuteJitteredBetweenHalfAndAll() {
        Backoff least = new Backoff(policy, () -> 0.0);
        Backoff most = new Backoff(policy, () -> 0.99999);

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(least::delayAfter).map(Duration::toMillis))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(most::delayAfter).map(Duration::toMillis))
                .containsExactly(2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
        assertThat(new Backoff(policy, () -> 0.5).delayAfter(100)).isEqualTo(Duration.ofSeconds(45));
    }
}
