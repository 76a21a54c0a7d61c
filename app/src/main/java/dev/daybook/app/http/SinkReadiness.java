package dev.daybook.app.http;

import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.SinkStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The sink's part of readiness: ready while it runs and keeps up. It is stuck when rows wait (a known lag
 * above zero) and none has been written for {@code stallTimeout} — e.g. a warehouse call that hangs, or
 * retries that go on. A FAILED sink is never ready; the reason is the sink's own.
 *
 * <p>Rows the warehouse refused went to the dead-letter topic and do not hold the sink up: it stays ready,
 * with a note of how many there were since it started.
 *
 * <p>Progress (rows written or dead-lettered) is judged between checks, so the stall is measured from the first check that saw rows
 * waiting without any written since the check before.
 */
public final class SinkReadiness implements Readiness {

    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(2);

    private final Supplier<SinkStatus> status;
    private final Duration stallTimeout;
    private final Clock clock;
    private long lastRowsHandled = -1;
    private Instant stalledSince;

    public SinkReadiness(Supplier<SinkStatus> status, Duration stallTimeout) {
        this(status, stallTimeout, Clock.systemUTC());
    }

    SinkReadiness(Supplier<SinkStatus> status, Duration stallTimeout, Clock clock) {
        this.status = status;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    @Override
    public synchronized Health check() {
        SinkStatus now = status.get();
        return switch (now.state()) {
            case STARTING -> Health.unready("the sink is starting");
            case STOPPED -> Health.unready("the sink stopped");
            case FAILED -> Health.unready("the sink failed: " + now.failure().orElse("no reason given"));
            case RUNNING -> running(now);
        };
    }

    private Health running(SinkStatus now) {
        boolean waiting = now.lag().isPresent() && now.lag().getAsLong() > 0;
        long handled = now.rowsWritten() + now.deadLettered();
        boolean progressed = handled != lastRowsHandled;
        lastRowsHandled = handled;
        if (!waiting || progressed) {
            stalledSince = null;
            return ready(now);
        }
        Instant time = clock.instant();
        if (stalledSince == null) {
            stalledSince = time;
        }
        Duration stalled = Duration.between(stalledSince, time);
        if (stalled.compareTo(stallTimeout) < 0) {
            return ready(now);
        }
        return Health.unready("the sink is stuck: " + now.lag().getAsLong()
                + " records wait and nothing was written for " + stalled.toSeconds() + " s");
    }

    private static Health ready(SinkStatus now) {
        return now.rowsRefused() == 0
                ? Health.READY
                : Health.readyNoting("the warehouse refused " + now.rowsRefused()
                        + " rows since the sink started; they are in the dead-letter topic with reason "
                        + SinkRunner.REFUSED);
    }
}
