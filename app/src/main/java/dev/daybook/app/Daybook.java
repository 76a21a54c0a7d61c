package dev.daybook.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code daybook} command line. */
@Command(name = "daybook", mixinStandardHelpOptions = true, version = "daybook 0.1.0",
        description = "Exact daily USD marketplace volume per project, continuously, on Kafka Streams.")
public final class Daybook {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Daybook()).execute(args));
    }
}
