package dev.daybook.app.run;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.utils.Exit;
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

    private FatalErrors() {}

    /**
     * Makes an Error that escapes any thread halt the process; other uncaught exceptions are logged, as the JVM
     * would print them.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error error) {
                halt(thread, error);
            } else {
                log.error("Uncaught exception in thread {}", thread.getName(), failure);
            }
        });
    }

    /**
     * Makes Kafka's own halting of the process end it with a line on {@code err}: {@code line} applied to Kafka's
     * reason. The embedded broker halts when it can no longer write its data directory (a full disk) or on a fatal
     * metadata fault, and would otherwise end the command without a word of its own. Undone by
     * {@link #resetKafkaHalt()}.
     */
    public static void onKafkaHalt(PrintWriter err, UnaryOperator<String> line) {
        Exit.setHaltProcedure((code, reason) -> {
            try {
                err.println(line.apply(reason != null ? reason : "halted (see the log)"));
                err.flush();
            } finally {
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        });
    }

    public static void resetKafkaHalt() {
        Exit.resetHaltProcedure();
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
