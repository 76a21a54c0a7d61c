package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2024-04-15T12:00:00Z");

    @Test
    void retryAfterInSeconds() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsHttpDate() {
        assertThat(RetryAfter.parse("Mon, 15 Apr 2024 12:00:42 GMT", NOW)).contains(Duration.ofSeconds(42));
        assertThat(RetryAfter.parse("Mon, 15 Apr 2024 11:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterIsCappedAtFiveMinutes() {
        assertThat(RetryAfter.parse("86400", NOW)).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("Tue, 16 Apr 2024 12:00:00 GMT", NOW)).contains(Duration.ofMinutes(5));
    }

    @Test
    void absentOrUnreadableRetryAfterMeansBackoff() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    }
}
