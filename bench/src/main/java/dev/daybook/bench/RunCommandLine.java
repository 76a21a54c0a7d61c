package dev.daybook.bench;

import dev.daybook.app.Daybook;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code daybook run} as the benchmark runs it: the command itself, in this process, on the benchmark's
 * broker, files, reference data and DuckDB file, with whatever further options the user gave. What the
 * command writes to standard output (the table) is dropped; what it reports on standard error is kept.
 */
final class RunCommandLine {

    private static final Logger log = LoggerFactory.getLogger(RunCommandLine.class);

    private final List<String> args;
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine;

    RunCommandLine(
            boolean once,
            Path stateDir,
            String bootstrapServers,
            Path events,
            Path tokens,
            Path rates,
            Path warehouse,
            String sinkGroup,
            List<String> runOptions) {
        args = new ArrayList<>(List.of(
                "run",
                "--no-print-table",
                "--state-dir",
                stateDir.toString(),
                "--bootstrap-servers",
                bootstrapServers,
                "--source",
                events.toUri().toString(),
                "--tokens",
                tokens.toString(),
                "--rates",
                "file:" + rates,
                "--warehouse",
                "duckdb:" + warehouse,
                "--sink-group-id",
                sinkGroup,
                // the benchmark's own HTTP server: loopback only, on a free port, so runs never collide
                "--http-host",
                "127.0.0.1",
                "--http-port",
                "0",
                // the benchmark reports the progress itself
                "--progress-interval",
                "0s"));
        if (once) {
            args.add(1, "--once");
        }
        args.addAll(runOptions);
        commandLine = Daybook.commandLine(new Daybook(new PrintStream(OutputStream.nullOutputStream())));
        commandLine.setErr(new PrintWriter(err, true));
    }

    /** Runs the command on this thread until it ends; a continuous run ends when the thread is interrupted. */
    int execute() {
        log.info("daybook {}", String.join(" ", args));
        return commandLine.execute(args.toArray(String[]::new));
    }

    /** What the command wrote to standard error (its summary, or why it failed). */
    String errors() {
        return err.toString().strip();
    }

    /** The processing guarantee the command ran with. */
    String guarantee() {
        return commandLine
                .getSubcommands()
                .get("run")
                .getCommandSpec()
                .findOption("--processing-guarantee")
                .getValue()
                .toString();
    }
}
