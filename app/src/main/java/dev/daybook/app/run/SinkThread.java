package dev.daybook.app.run;

import dev.daybook.app.sink.SinkFailedException;
import dev.daybook.app.sink.SinkRunner;

/** Runs a sink on its own thread until it is closed; a sink that fails stops the command. */
public final class SinkThread implements AutoCloseable {

    private final SinkRunner runner;
    private final Thread thread;

    private SinkThread(SinkRunner runner, StopSignal signal) {
        this.runner = runner;
        this.thread = new Thread(() -> {
            try {
                runner.run();
            } catch (SinkFailedException e) {
                signal.fail("the sink stopped: " + e.getMessage());
            } catch (RuntimeException e) {
                signal.fail("the sink stopped: " + e);
            }
        }, "daybook-sink");
    }

    public static SinkThread start(SinkRunner runner, StopSignal signal) {
        SinkThread sink = new SinkThread(runner, signal);
        sink.thread.start();
        return sink;
    }

    /** Stops the sink: what it read is written and committed. */
    @Override
    public void close() throws InterruptedException {
        runner.close();
        thread.join();
    }
}
