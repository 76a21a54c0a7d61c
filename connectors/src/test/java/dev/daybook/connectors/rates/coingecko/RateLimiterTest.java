package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeTime time = new FakeTime(Instant.parse("2024-04-15T12:00:00Z"));

    @Test
    void thirtyCallsPerMinuteAreTwoSecondsApart() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(30, time, time);

        limiter.acquire();
        limiter.acquire();
        limiter.acquire();

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(time.instant()).isEqualTo(Instant.parse("2024-04-15T12:00:04Z"));
    }

    @Test
    void waitsOnlyForWhatIsLeftOfTheInterval() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(30, time, time);

        limiter.acquire();
        time.advance(Duration.ofMillis(1_500));
        limiter.acquire();
        time.advance(Duration.ofSeconds(10));
        limiter.acquire();

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void neverMoreThanSixtyCallsInAMinuteAtSixtyPerMinute() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(60, time, time);
        Instant start = time.instant();

        for (int call = 0; call < 61; call++) {
            limiter.acquire();
        }

        assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aClockSteppingBackCostsAtMostOneInterval() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(30, time, time);

        limiter.acquire();
        time.advance(Duration.ofHours(-1));
        limiter.acquire();

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }
}
