package dev.daybook.connectors.testing;

import dev.daybook.connectors.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when someone sleeps on it or a test advances it, recording every wait asked for:
 * pass it as both the {@link Clock} and the {@link Sleeper} of what is tested.
 */
public final class FakeTime extends Clock implements Sleeper {

    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Moves the clock on without a sleep, as time passing elsewhere does; returns the new time. */
    public synchronized Instant advance(Duration duration) {
        now = now.plus(duration);
        return now;
    }

    /** The waits asked for, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
