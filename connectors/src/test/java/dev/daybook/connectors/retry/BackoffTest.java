package dev.daybook.connectors.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500));

    @Test
    void jitterSpreadsTheWaitOverTheUpperHalfOfTheCappedBackoff() {
        assertThat(new Backoff(policy, () -> 0.0).delayAfter(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(new Backoff(policy, () -> 0.999).delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(new Backoff(policy, () -> 0.0).delayAfter(4)).isEqualTo(Duration.ofMillis(250));
        assertThat(new Backoff(policy, () -> 0.0).delayAfter(30)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void everyMillisecondFromHalfToAllIsAsLikely() {
        // 51 equal slices of [0, 1) for the 51 waits from 50 to 100 ms
        assertThat(IntStream.range(0, 51)
                        .mapToObj(slice -> new Backoff(policy, () -> (slice + 0.5) / 51)
                                .delayAfter(1)
                                .toMillis()))
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(50, 100).mapToObj(Long::valueOf).toList());
    }
}
