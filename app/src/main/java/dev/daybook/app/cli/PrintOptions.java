package dev.daybook.app.cli;

import dev.daybook.app.cli.options.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How often the table printed on standard output is refreshed; use as a picocli {@code @Mixin}. */
public final class PrintOptions {

    @Option(
            names = "--print-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "2s",
            description = "The table is printed again when it changed and then stayed the same this long"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration interval;

    public Duration interval() {
        return interval;
    }
}
