package dev.daybook.connectors.rates.coingecko;

import dev.daybook.connectors.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spreads calls evenly: one every {@code 60 s / callsPerMinute}, so no 60-second window ever holds more
 * than {@code callsPerMinute} calls (a token bucket of depth one). Callers queue on the monitor.
 */
final class RateLimiter {

    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant nextSlot;

    RateLimiter(int callsPerMinute, Clock clock, Sleeper sleeper) {
        this.interval = Duration.ofMinutes(1).dividedBy(callsPerMinute);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Returns when the caller may make its call. */
    synchronized void acquire() throws InterruptedException {
        Instant now = clock.instant();
        if (nextSlot != null && now.isBefore(nextSlot)) {
            // Never longer than one interval, even if the wall clock stepped back since the last call.
            Duration wait = Duration.between(now, nextSlot);
            sleeper.sleep(wait.compareTo(interval) > 0 ? interval : wait);
            now = clock.instant();
        }
        nextSlot = now.plus(interval);
    }
}
