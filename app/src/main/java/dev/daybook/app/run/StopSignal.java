package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running command to stop: because it was asked to (Ctrl-C, SIGTERM, its work is done) or because
 * one of its parts failed for good. The first failure reported before a stop was asked for is the one the
 * command exits with; parts failing because they are being stopped do not count.
 */
public final class StopSignal implements FailureListener {

    private final CountDownLatch latch = new CountDownLatch(1);
    private String failure;
    private boolean stopRequested;

    /** Asks the command to stop normally. */
    public synchronized void stop() {
        stopRequested = true;
        latch.countDown();
    }

    /** Reports a failure that stops the command. */
    @Override
    public synchronized void failed(String reason) {
        if (failure == null && !stopRequested) {
            failure = reason;
        }
        latch.countDown();
    }

    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits until the command should stop. */
    public void await() throws InterruptedException {
        latch.await();
    }

    /** @return whether the command should stop */
    public boolean await(Duration timeout) throws InterruptedException {
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
