package dev.daybook.app.sink;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** What the sink has done so far: updated on the consuming thread, read as a {@link SinkStatus} from any. */
final class SinkProgress {

    private volatile SinkStatus.State state = SinkStatus.State.STARTING;
    private volatile String failure;
    private volatile Instant lastWrite;
    private volatile long lag = -1;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong rowsRefused = new AtomicLong();

    SinkStatus status() {
        long knownLag = lag;
        return new SinkStatus(
                state,
                Optional.ofNullable(failure),
                Optional.ofNullable(lastWrite),
                rowsWritten.get(),
                deadLettered.get(),
                rowsRefused.get(),
                knownLag < 0 ? OptionalLong.empty() : OptionalLong.of(knownLag));
    }

    void running() {
        state = SinkStatus.State.RUNNING;
    }

    /** The sink stopped; a failure stays what it reports. */
    void stopped() {
        if (state != SinkStatus.State.FAILED) {
            state = SinkStatus.State.STOPPED;
        }
    }

    void failed(String message) {
        failure = message;
        state = SinkStatus.State.FAILED;
    }

    /** The warehouse accepted {@code rows} more rows. */
    void written(int rows) {
        rowsWritten.addAndGet(rows);
        if (rows > 0) {
            lastWrite = Instant.now();
        }
    }

    /** A dead letter with this {@link Batch.DeadLetter#reason() reason} was committed. */
    void deadLettered(String reason) {
        deadLettered.incrementAndGet();
        if (reason.equals(SinkRunner.REFUSED)) {
            rowsRefused.incrementAndGet();
        }
    }

    /** @param records daily-volume records not yet written, fetched or not */
    void lag(long records) {
        lag = records;
    }
}
