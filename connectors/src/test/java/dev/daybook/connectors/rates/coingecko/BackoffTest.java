package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Instant NOW = Instant.parse("2024-04-15T12:00:00Z");

    @Test
    void doublesFromTwoSecondsUpToAMinuteJitteredBetweenHalfAndAll() {
        Backoff least = new Backoff(() -> 0.0);
        Backoff most = new Backoff(() -> 0.99999);

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(least::delay).map(Duration::toMillis))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(most::delay).map(Duration::toMillis))
                .containsExactly(2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
        assertThat(new Backoff(() -> 0.5).delay(100)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(Backoff.retryAfter("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(Backoff.retryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsHttpDate() {
        assertThat(Backoff.retryAfter("Mon, 15 Apr 2024 12:00:42 GMT", NOW)).contains(Duration.ofSeconds(42));
        assertThat(Backoff.retryAfter("Mon, 15 Apr 2024 11:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterIsCappedAtFiveMinutes() {
        assertThat(Backoff.retryAfter("86400", NOW)).contains(Duration.ofMinutes(5));
        assertThat(Backoff.retryAfter("99999999999999999999", NOW)).contains(Duration.ofMinutes(5));
        assertThat(Backoff.retryAfter("Tue, 16 Apr 2024 12:00:00 GMT", NOW)).contains(Duration.ofMinutes(5));
    }

    @Test
    void absentOrUnreadableRetryAfterMeansBackoff() {
        assertThat(Backoff.retryAfter(null, NOW)).isEmpty();
        assertThat(Backoff.retryAfter("", NOW)).isEmpty();
        assertThat(Backoff.retryAfter("soon", NOW)).isEmpty();
        assertThat(Backoff.retryAfter("-5", NOW)).isEmpty();
    }
}
