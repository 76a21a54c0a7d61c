package dev.daybook.connectors.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before each retry: the policy's exponential backoff with "equal jitter", half of it plus a
 * random part of the other half, so that clients that failed together spread out, yet none retries at once.
 */
public final class Backoff {

    private final RetryPolicy policy;
    private final DoubleSupplier random;

    /**
     * @param random values in [0, 1) that pick the jitter; tests pass a constant
     */
    public Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * The wait after failed attempt number {@code attempt} (1-based): between half and all of
     * {@link RetryPolicy#backoff(int)}, every whole millisecond in between, both ends included, as likely.
     */
    public Duration delayAfter(int attempt) {
        long full = policy.backoff(attempt).toMillis();
        long half = full / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (full - half + 1)));
    }
}
