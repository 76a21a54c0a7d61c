package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.app.sink.CatchUp;
import dev.daybook.app.sink.SinkFailedException;
import dev.daybook.app.sink.SinkRunner;
import java.util.concurrent.CountDownLatch;

/**
 * A sink as a {@link Service}: runs it on its own thread until it is closed or, for {@code --once}, until it has
 * caught up. A failure is reported to the failure listener, which stops the run at once.
 */
public final class SinkThread implements Service {

    private final SinkRunner runner;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean caughtUp;
    private FailureListener failures;

    private SinkThread(SinkRunner runner, Work work) {
        this.runner = runner;
        this.thread = new Thread(
                () -> {
                    try {
                        caughtUp = work.run();
                    } catch (SinkFailedException e) {
                        failures.failed("the sink stopped: " + e.getMessage());
                    } catch (RuntimeException e) {
                        failures.failed("the sink stopped: " + e);
                    } finally {
                        ended.countDown();
                    }
                },
                "daybook-sink");
    }

    @FunctionalInterface
    private interface Work {
        boolean run() throws SinkFailedException;
    }

    /** Runs the sink until it is closed. */
    public static SinkThread continuous(SinkRunner runner) {
        return new SinkThread(runner, () -> {
            runner.run();
            return false;
        });
    }

    /** Runs the sink until it has caught up once the catch-up's upstream is done ({@link #awaitCaughtUp()}). */
    public static SinkThread once(SinkRunner runner, CatchUp catchUp) {
        return new SinkThread(runner, () -> runner.runUntilCaughtUp(catchUp));
    }

    @Override
    public void start(FailureListener failures) {
        this.failures = failures;
        thread.start();
    }

    /**
     * Waits for the sink to end.
     *
     * @return whether it caught up; false when it failed (reported to the failure listener) or was closed first
     */
    public boolean awaitCaughtUp() throws InterruptedException {
        ended.await();
        return caughtUp;
    }

    /** Stops the sink: what it read is written and committed. */
    @Override
    public void close() throws InterruptedException {
        runner.close();
        thread.join();
    }
}
