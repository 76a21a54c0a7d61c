package dev.daybook.connectors.rates.coingecko;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits for a while. Injected so that tests can observe the client's waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

    void sleep(Duration duration) throws InterruptedException;
}
