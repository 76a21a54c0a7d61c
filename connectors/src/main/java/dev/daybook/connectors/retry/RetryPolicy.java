package dev.daybook.connectors.retry;

import java.time.Duration;

/**
 * How often and how patiently to retry.
 *
 * @param maxAttempts  attempts in all, the first one included (1 means no retry)
 * @param initialDelay the backoff before the second attempt; it doubles for every further one
 * @param maxDelay     the cap of the doubled backoff
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialDelay <= maxDelay, was " + initialDelay + " and " + maxDelay);
        }
    }

    /**
     * The backoff after the failed attempt number {@code attempt} (1-based), before jitter: the initial
     * delay doubled {@code attempt - 1} times, at most the cap.
     */
    public Duration backoff(int attempt) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) < 0 ? delay : maxDelay;
    }
}
