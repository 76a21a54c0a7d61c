package dev.daybook.app.logging;

import picocli.CommandLine.Option;

/** The {@code --log-format} option; use as a picocli {@code @Mixin} and call {@link #apply()} before any work. */
public final class LogOptions {

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            converter = LogFormat.Converter.class,
            defaultValue = "text",
            description = "Log lines on stderr as text or json, one line per event (default ${DEFAULT-VALUE}).")
    private LogFormat format;

    public LogFormat format() {
        return format;
    }

    /** Switches logging to the chosen format. */
    public void apply() {
        Logging.configure(format);
    }
}
