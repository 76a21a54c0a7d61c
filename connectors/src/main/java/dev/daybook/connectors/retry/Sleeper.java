package dev.daybook.connectors.retry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits for a while. Injected so that tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> TimeUnit.NANOSECONDS.sleep(delay.toNanos());

    void sleep(Duration delay) throws InterruptedException;
}
