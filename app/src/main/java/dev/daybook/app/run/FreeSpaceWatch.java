package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops the command, as a failure, once the state directory's free space falls below {@code --min-free-space}:
 * a clean stop before the broker or RocksDB meet a full disk.
 */
public final class FreeSpaceWatch implements Service {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    private final MinFreeSpace freeSpace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "daybook-free-space-watch");
        thread.setDaemon(true);
        return thread;
    });

    public FreeSpaceWatch(MinFreeSpace freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public void start(FailureListener failures) {
        // one thread runs the checks in turn and the first shortage shuts it down: the listener is told once
        var unused = timer.scheduleWithFixedDelay(
                () -> freeSpace.shortage().ifPresent(shortage -> {
                    timer.shutdown();
                    failures.failed(shortage);
                }),
                0,
                INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
