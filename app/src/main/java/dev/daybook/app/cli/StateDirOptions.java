package dev.daybook.app.cli;

import dev.daybook.app.cli.options.ByteSizeConverter;
import dev.daybook.app.run.MinFreeSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Daybook's one state directory: the embedded broker's data ({@code kafka/}), the Kafka Streams state
 * stores ({@code streams/}), the ingester's index of its progress ({@code ingest/}), the default DuckDB warehouse ({@code daybook.duckdb}) and the demo data
 * ({@code demo/}). A restarted Daybook on the same directory continues where it stopped. With it, the free space
 * a command keeps there ({@code --min-free-space}). Use as a picocli {@code @Mixin}.
 */
public final class StateDirOptions {

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "./.daybook",
            description =
                    "Where Daybook keeps its state: the embedded broker (kafka/), the Streams state stores (streams/),"
                            + " the ingester's progress index (ingest/), the default DuckDB warehouse (daybook.duckdb) and the demo data (demo/)"
                            + " (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--min-free-space",
            paramLabel = "SIZE",
            converter = ByteSizeConverter.OrZero.class,
            defaultValue = "64MiB",
            description =
                    "Least usable space to keep on the state directory's file system: a command does not start with"
                            + " less, and run, aggregate and sink stop cleanly once there is less while they run (exit 1, saying how"
                            + " much is free), before a full disk breaks the broker, the stores or the warehouse; 0 turns the check"
                            + " off (default: ${DEFAULT-VALUE}).")
    long minFreeSpace;

    /** The state directory, absolute. */
    public Path root() {
        return stateDir.toAbsolutePath().normalize();
    }

    /**
     * The state directory's {@code --min-free-space}, to watch while the command runs.
     *
     * @throws Commands.CommandFailedException when the directory (created if missing) has less usable space already
     */
    MinFreeSpace requireFreeSpace() throws IOException {
        MinFreeSpace space = MinFreeSpace.of(Files.createDirectories(root()), minFreeSpace);
        space.shortage().ifPresent(shortage -> {
            throw new Commands.CommandFailedException(shortage);
        });
        return space;
    }

    /** The Kafka Streams state stores. */
    public Path streams() {
        return root().resolve("streams");
    }

    /** The ingester's local index of {@code ingest-progress}. */
    public Path ingest() {
        return root().resolve("ingest");
    }

    /** Where {@code daybook run} without a source writes the demo data. */
    public Path demo() {
        return root().resolve("demo");
    }
}
