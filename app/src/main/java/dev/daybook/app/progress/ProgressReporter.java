package dev.daybook.app.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far long work has got on standard error: on a terminal one line, rewritten every second (or every
 * interval, if shorter) and ended with a newline on {@link #close()}; elsewhere an INFO log line every interval.
 * Standard output never receives progress.
 */
public final class ProgressReporter implements AutoCloseable {

    static final Duration TERMINAL_REFRESH = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);
    private static final String CLEAR_TO_END_OF_LINE = "\033[K";

    private final String task;
    private final Supplier<Progress> progress;
    private final boolean terminal;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final Progress start;
    private final long started;
    private ScheduledExecutorService scheduler;
    private volatile Thread thread;
    private boolean drawn;
    private boolean closed;

    /**
     * @param terminal whether {@code err} is a terminal: a line is rewritten there, else lines are logged
     * @param nanos    the clock, {@link System#nanoTime()} outside tests
     */
    ProgressReporter(String task, Supplier<Progress> progress, boolean terminal, PrintWriter err, LongSupplier nanos) {
        this.task = task;
        this.progress = progress;
        this.terminal = terminal;
        this.err = err;
        this.nanos = nanos;
        this.start = progress.get();
        this.started = nanos.getAsLong();
    }

    /**
     * Reports the progress of {@code task} every {@code interval} until closed; a zero interval reports nothing.
     *
     * @param err standard error, where a terminal's line goes
     */
    public static ProgressReporter start(String task, Supplier<Progress> progress, Duration interval, PrintWriter err) {
        // Java 17's System.console() is null unless standard input and output are a terminal (the project's Java)
        @SuppressWarnings("SystemConsoleNull")
        boolean terminal = System.console() != null;
        ProgressReporter reporter = new ProgressReporter(task, progress, terminal, err, System::nanoTime);
        if (!interval.isZero()) {
            long period = (reporter.terminal && interval.compareTo(TERMINAL_REFRESH) > 0 ? TERMINAL_REFRESH : interval)
                    .toNanos();
            reporter.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                reporter.thread = new Thread(runnable, "daybook-progress");
                reporter.thread.setDaemon(true);
                return reporter.thread;
            });
            var unused = reporter.scheduler.scheduleAtFixedRate(reporter::report, period, period, TimeUnit.NANOSECONDS);
        }
        return reporter;
    }

    /** Reports the progress now. */
    synchronized void report() {
        if (closed) {
            return;
        }
        String line = ProgressLine.render(task, start, progress.get(), Duration.ofNanos(nanos.getAsLong() - started));
        if (terminal) {
            err.print("\r" + line + CLEAR_TO_END_OF_LINE);
            err.flush();
            drawn = true;
        } else {
            log.info("Progress of {}", line);
        }
    }

    /** Stops reporting; a terminal's line is drawn a last time and ended, so that what follows starts on a line of its own. */
    @Override
    public void close() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(1, TimeUnit.MINUTES);
        }
        // a terminated executor's last thread may still be ending; a closed reporter leaves none behind
        if (thread != null) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
        synchronized (this) {
            if (drawn && !closed) {
                report();
                err.println();
                err.flush();
            }
            closed = true;
        }
    }
}
