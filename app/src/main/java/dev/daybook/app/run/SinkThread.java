package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.app.sink.SinkFailedException;
import dev.daybook.app.sink.SinkRunner;

/** A sink as a {@link Service}: runs it on its own thread until it is closed. */
public final class SinkThread implements Service {

    private final SinkRunner runner;
    private final Thread thread;
    private FailureListener failures;

    public SinkThread(SinkRunner runner) {
        this.runner = runner;
        this.thread = new Thread(
                () -> {
                    try {
                        runner.run();
                    } catch (SinkFailedException e) {
                        failures.failed("the sink stopped: " + e.getMessage());
                    } catch (RuntimeException e) {
                        failures.failed("the sink stopped: " + e);
                    }
                },
                "daybook-sink");
    }

    @Override
    public void start(FailureListener failures) {
        this.failures = failures;
        thread.start();
    }

    /** Stops the sink: what it read is written and committed. */
    @Override
    public void close() throws InterruptedException {
        runner.close();
        thread.join();
    }
}
