package dev.daybook.connectors.retry;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action again after a failure the caller calls transient, with exponential backoff and jitter,
 * up to {@link RetryPolicy#maxAttempts()} attempts in all. A failure that is not transient, or the last
 * one, is thrown as it is, so the caller classifies it once more for its own callers.
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    private final RetryPolicy policy;
    private final Backoff backoff;
    private final Sleeper sleeper;

    /**
     * @param random values in [0, 1) that pick the jitter; tests pass a constant
     */
    public Retry(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
        this.policy = policy;
        this.backoff = new Backoff(policy, random);
        this.sleeper = sleeper;
    }

    public Retry(RetryPolicy policy) {
        this(policy, Sleeper.REAL, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param what      names the action in log lines, e.g. {@code MERGE of 500 rows into p.d.t}
     * @param isTransient whether a failure may go away when tried again
     */
    public <T> T call(String what, Callable<T> action, Predicate<Exception> isTransient) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= policy.maxAttempts() || !isTransient.test(e)) {
                    throw e;
                }
                Duration delay = backoff.delayAfter(attempt);
                log.warn(
                        "{} failed (attempt {} of {}), retrying in {} ms: {}",
                        what,
                        attempt,
                        policy.maxAttempts(),
                        delay.toMillis(),
                        e.getMessage());
                sleeper.sleep(delay);
            }
        }
    }
}
