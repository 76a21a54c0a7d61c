package dev.daybook.app.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls parts that report a failure only when asked (the ingester) and stops the command when one failed. */
public final class FailureWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    private final Thread thread;
    private volatile boolean closed;

    private FailureWatch(List<Supplier<Optional<String>>> failures, StopSignal signal) {
        this.thread = new Thread(() -> {
            try {
                while (!closed && !signal.await(INTERVAL)) {
                    failures.stream().map(Supplier::get).flatMap(Optional::stream).findFirst().ifPresent(signal::fail);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "daybook-failure-watch");
        thread.setDaemon(true);
    }

    public static FailureWatch start(StopSignal signal, List<Supplier<Optional<String>>> failures) {
        FailureWatch watch = new FailureWatch(failures, signal);
        watch.thread.start();
        return watch;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
