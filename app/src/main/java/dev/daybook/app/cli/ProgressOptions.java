package dev.daybook.app.cli;

import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.app.progress.Progress;
import dev.daybook.app.progress.ProgressReporter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** How often long work reports its progress on standard error; use as a picocli {@code @Mixin}. */
public final class ProgressOptions {

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description =
                    "How often run --once, ingest --once, reset and bench report their progress on standard error:"
                            + " a log line, or on a terminal one line rewritten every second (or every interval, if shorter);"
                            + " 0s shows none (default: ${DEFAULT-VALUE}).")
    Duration interval;

    /** Starts reporting the progress of {@code task}; close it when the work is done. */
    public ProgressReporter start(String task, Supplier<Progress> progress, PrintWriter err) {
        return ProgressReporter.start(task, progress, interval, err);
    }
}
