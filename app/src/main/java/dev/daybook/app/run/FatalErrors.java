package dev.daybook.app.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process at once when an {@link Error} (an {@link OutOfMemoryError}, a {@link StackOverflowError}, a
 * linkage error) escapes any of its threads: an ingest reader or worker, the sink, a discovery thread. Such a
 * thread is gone, and what waits for it would wait forever; after an Error the JVM may not even manage a clean
 * stop. Halting is a crash, which Daybook is built to survive: uncommitted Kafka transactions are aborted and the
 * next start resumes from what was committed.
 */
public final class FatalErrors {

    /** The exit code of a process that halted on an Error, as of any failed command. */
    public static final int EXIT_CODE = 1;

    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

    private FatalErrors() {
    }

    /**
     * Makes an Error that escapes any thread halt the process; other uncaught exceptions are logged, as the JVM
     * would print them.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error error) {
                halt(thread, error);
            }
            log.error("Uncaught exception in thread {}", thread.getName(), failure);
        });
    }

    /** Logs the Error with the thread it ended, then halts: no shutdown hook runs, as none could be relied on. */
    public static void halt(Thread thread, Error error) {
        try {
            log.error("Fatal {} in thread {}; the process exits now", error, thread.getName(), error);
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
