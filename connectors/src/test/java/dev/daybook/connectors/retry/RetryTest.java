package dev.daybook.connectors.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500));

    @Test
    void retriesTransientFailuresWithDoublingBackoffUntilTheActionSucceeds() throws Exception {
        Retry retry = new Retry(policy, waits::add, () -> 0.5);
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.call(
                "test",
                () -> {
                    if (attempts.incrementAndGet() < 4) {
                        throw new IOException("busy");
                    }
                    return "done";
                },
                e -> e instanceof IOException);

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(4);
        // half of 100, 200, 400 ms, plus half of the other half
        assertThat(waits).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastFailure() {
        Retry retry = new Retry(policy, waits::add, () -> 0.0);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call(
                        "test",
                        () -> {
                            throw new IOException("busy " + attempts.incrementAndGet());
                        },
                        e -> true))
                .isInstanceOf(IOException.class)
                .hasMessage("busy 5");

        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void doesNotRetryAPermanentFailure() {
        Retry retry = new Retry(policy, waits::add, () -> 0.0);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call(
                        "test",
                        () -> {
                            attempts.incrementAndGet();
                            throw new IllegalArgumentException("bad request");
                        },
                        e -> e instanceof IOException))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void policyRejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
