package dev.daybook.app.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running command to stop: because it was asked to (Ctrl-C, SIGTERM) or because one of its parts
 * failed for good. The first failure reported is the one the command exits with.
 */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String failure;

    /** Asks the command to stop normally. */
    public void stop() {
        latch.countDown();
    }

    /** Reports a failure that stops the command. */
    public synchronized void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        latch.countDown();
    }

    public boolean stopping() {
        return latch.getCount() == 0;
    }

    public Optional<String> failure() {
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
