package dev.daybook.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Daybook's one state directory: the embedded broker's data ({@code kafka/}), the Kafka Streams state
 * stores ({@code streams/}), the default DuckDB warehouse ({@code daybook.duckdb}) and the demo data
 * ({@code demo/}). A restarted Daybook on the same directory continues where it stopped. Use as a picocli
 * {@code @Mixin}.
 */
public final class StateDirOptions {

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "./.daybook",
            description = "Where Daybook keeps its state: the embedded broker (kafka/), the Streams state stores (streams/),"
                    + " the default DuckDB warehouse (daybook.duckdb) and the demo data (demo/)"
                    + " (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    /** The state directory, absolute. */
    public Path root() {
        return stateDir.toAbsolutePath().normalize();
    }

    /** The Kafka Streams state stores. */
    public Path streams() {
        return root().resolve("streams");
    }

    /** Where {@code daybook run} without a source writes the demo data. */
    public Path demo() {
        return root().resolve("demo");
    }
}
