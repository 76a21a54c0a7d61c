package dev.daybook.app.e2e;

import dev.daybook.app.Daybook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** {@code daybook} run in this JVM with its standard output and standard error captured. */
final class DaybookCli {

    private DaybookCli() {}

    record Result(int exitCode, String out, List<String> err) {
        /** The last line of standard error: the JSON summary of {@code run --once}. */
        String summary() {
            return err.get(err.size() - 1);
        }

        /** What the command said, for failure messages. */
        String said() {
            return String.join("\n", err);
        }
    }

    static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Daybook.commandLine(new Daybook(new PrintStream(out, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        return new Result(
                exitCode,
                out.toString(StandardCharsets.UTF_8),
                Arrays.asList(err.toString().split("\n")));
    }
}
