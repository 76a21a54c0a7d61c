package dev.daybook.app.ingest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the ingester's threads to stop, and lets them wait (e.g. before a retry) in a way closing cuts short. */
final class CloseSignal {

    private final CountDownLatch closed = new CountDownLatch(1);

    void close() {
        closed.countDown();
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Waits {@code delay}; returns false if the signal came first. */
    boolean pause(Duration delay) throws InterruptedException {
        return !closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
