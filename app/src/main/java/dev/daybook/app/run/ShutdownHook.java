package dev.daybook.app.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C and SIGTERM into a clean stop: the JVM's shutdown hook signals the command to stop and then
 * waits, up to a limit, until the command has closed its parts, since the JVM exits when the hooks return.
 */
public final class ShutdownHook implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(60);

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownHook(StopSignal signal) {
        this.hook = new Thread(
                () -> {
                    signal.stop();
                    try {
                        closed.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "daybook-shutdown");
    }

    public static ShutdownHook install(StopSignal signal) {
        ShutdownHook shutdownHook = new ShutdownHook(signal);
        Runtime.getRuntime().addShutdownHook(shutdownHook.hook);
        return shutdownHook;
    }

    /** The command has closed everything: a pending JVM shutdown may go on; no later signal is caught. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
