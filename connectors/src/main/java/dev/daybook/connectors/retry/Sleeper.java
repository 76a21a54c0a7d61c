package dev.daybook.connectors.retry;

import java.time.Duration;

/** Waits between attempts; tests pass one that records the delays instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
}
