package dev.daybook.app.rates;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who does the rates service's work: one thread at a time, none once the service is closing, none after a
 * continuous run. {@link #stop} may be called from any thread.
 */
final class RatesWorker {

    private static final Logger log = LoggerFactory.getLogger(RatesWorker.class);

    private final ReentrantLock working = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Duration stopTimeout;
    private volatile Thread worker;
    private boolean ranContinuously;

    RatesWorker(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    /**
     * Makes the calling thread the worker, until {@link #release}.
     *
     * @param continuous whether it works until {@link #stop}: then no thread works after it
     * @return false if the service is closing
     * @throws IllegalStateException if another thread works, or one ran continuously already
     */
    boolean claim(boolean continuous) {
        if (!working.tryLock()) {
            throw new IllegalStateException("the rates service is already running");
        }
        if (ranContinuously || closing.get()) {
            working.unlock();
            if (ranContinuously) {
                throw new IllegalStateException("the rates service ran already");
            }
            return false;
        }
        ranContinuously = continuous;
        worker = Thread.currentThread();
        return true;
    }

    /**
     * Ends the calling thread's work.
     *
     * @param interrupted whether the worker was interrupted: by {@link #stop} (meant for a call that may just
     *                    have ended, so forgotten), or by someone else (so kept)
     */
    void release(boolean interrupted) {
        worker = null;
        working.unlock();
        if (interrupted && !closing.get()) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closing() {
        return closing.get();
    }

    /**
     * Tells the worker to stop, wakes it with {@code wake} unless the caller is the worker, and waits for it
     * to finish; then runs {@code afterwards}, while no thread can work. Gives up after the stop timeout
     * (logging it) or when interrupted (keeping the interrupt flag).
     */
    void stop(Consumer<Thread> wake, Runnable afterwards) {
        closing.set(true);
        Thread running = worker;
        if (running != null && running != Thread.currentThread()) {
            wake.accept(running);
        }
        try {
            if (!working.tryLock(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The rates service did not stop within {}", stopTimeout);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            afterwards.run();
        } finally {
            working.unlock();
        }
    }
}
