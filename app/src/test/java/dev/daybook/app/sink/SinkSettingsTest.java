package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.retry.Backoff;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    private final SinkSettings settings =
            new SinkSettings(10, Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void retryDelaysDoubleUpToTheMaximumKeepingAtLeastHalf() {
        SplittableRandom random = new SplittableRandom(42);
        long[][] bounds = {
            {500, 1000}, {1000, 2000}, {2000, 4000}, {4000, 8000}, {8000, 16000}, {15000, 30000}, {15000, 30000}
        };
        for (int retry = 1; retry <= bounds.length; retry++) {
            long[] range = bounds[retry - 1];
            int attempt = retry;
            IntStream.range(0, 200)
                    .forEach(i -> assertThat(backoff(random).delayAfter(attempt).toMillis())
                            .as("retry %d", attempt)
                            .isBetween(range[0], range[1]));
        }
        assertThat(backoff(random).delayAfter(100).toMillis()).isBetween(15000L, 30000L);
    }

    @Test
    void jitterSpreadsTheDelays() {
        SplittableRandom random = new SplittableRandom(7);
        assertThat(IntStream.range(0, 50)
                        .mapToObj(i -> backoff(random).delayAfter(3))
                        .distinct()
                        .count())
                .isGreaterThan(10);
    }

    @Test
    void retriesMeanOneAttemptMoreInAll() {
        assertThat(settings.retryPolicy().maxAttempts()).isEqualTo(6);
    }

    private Backoff backoff(SplittableRandom random) {
        return new Backoff(settings.retryPolicy(), random::nextDouble);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new SinkSettings(0, Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ZERO))
                .hasMessage("sink batch rows must be at least 1, not 0");
        assertThatThrownBy(() -> new SinkSettings(1, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO))
                .hasMessage("sink batch interval must be positive, not PT0S");
        assertThatThrownBy(() -> new SinkSettings(1, Duration.ofSeconds(1), -1, Duration.ZERO, Duration.ZERO))
                .hasMessage("sink retries must not be negative, not -1");
        assertThatThrownBy(() ->
                        new SinkSettings(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("sink retry backoff must be between 0 and its maximum, not PT2S (maximum PT1S)");
    }
}
