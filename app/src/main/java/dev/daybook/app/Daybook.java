package dev.daybook.app;

import dev.daybook.app.cli.AggregateCommand;
import dev.daybook.app.cli.CheckCommand;
import dev.daybook.app.cli.GenerateCommand;
import dev.daybook.app.cli.IngestCommand;
import dev.daybook.app.cli.ResetCommand;
import dev.daybook.app.cli.RunCommand;
import dev.daybook.app.cli.SinkCommand;
import dev.daybook.app.cli.options.EnvironmentDefaults;
import dev.daybook.app.rates.RatesCommand;
import dev.daybook.app.run.FatalErrors;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code daybook} command line. Standard output carries only what a command produces (the table as
 * CSV); logs and messages go to standard error. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
@Command(
        name = "daybook",
        mixinStandardHelpOptions = true,
        version = "daybook 0.1.0",
        description = "Exact daily USD marketplace volume per project, continuously, on Kafka Streams.",
        subcommands = {
            RunCommand.class,
            IngestCommand.class,
            AggregateCommand.class,
            SinkCommand.class,
            RatesCommand.class,
            GenerateCommand.class,
            ResetCommand.class,
            CheckCommand.class
        })
public final class Daybook implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Daybook.class);

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    public Daybook() {
        this(System.out);
    }

    /** @param out where the commands print their result (the table) */
    public Daybook(PrintStream out) {
        this.out = out;
    }

    /** Where the commands print their result. */
    public PrintStream out() {
        return out;
    }

    /** Without a command: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * The command line, with the {@link AddOnCommand}s on the class path and options read from the environment
     * (see {@link EnvironmentDefaults}), with a failure reported as one line on standard error and exit code 1.
     */
    public static CommandLine commandLine(Daybook daybook) {
        CommandLine withAddOns = new CommandLine(daybook);
        ServiceLoader.load(AddOnCommand.class).forEach(withAddOns::addSubcommand);
        CommandLine commandLine = EnvironmentDefaults.install(withAddOns);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            log.debug("{} failed", failed.getCommandName(), exception);
            PrintWriter err = failed.getErr();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(exception));
            err.flush();
            return 1;
        });
        return commandLine;
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (exception instanceof NoSuchFileException) {
            message = "no such file: " + message;
        } else if (exception instanceof AccessDeniedException) {
            message = "permission denied: " + message;
        } else if (message == null || message.isBlank()) {
            message = exception.toString();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    public static void main(String[] args) {
        FatalErrors.install();
        System.exit(commandLine(new Daybook()).execute(args));
    }
}
