package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import dev.daybook.app.cli.options.EnvironmentDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option of every command can be set from the environment, and every command explains itself. */
class CommandOptionsTest {

    /** Options with their variables as written, not resolved against this machine's environment. */
    static CommandLine uninterpolated() {
        CommandLine commandLine = Daybook.commandLine(new Daybook());
        commandLine.getCommandSpec().interpolateVariables(false);
        commandLine
                .getSubcommands()
                .values()
                .forEach(sub -> sub.getCommandSpec().interpolateVariables(false));
        return commandLine;
    }

    @Test
    void everyOptionDefaultsToItsOwnDaybookEnvironmentVariable() {
        Map<String, String> flagOfVariable = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (CommandLine command : uninterpolated().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String flag = option.longestName();
                String variable = EnvironmentDefaults.variableOf(option);
                if (!variable.startsWith("DAYBOOK_")
                        || !variable.endsWith(
                                "_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_'))) {
                    problems.add(command.getCommandName() + " " + flag + " reads " + variable);
                }
                String other = flagOfVariable.putIfAbsent(variable, flag);
                if (other != null && !other.equals(flag)) {
                    problems.add(variable + " is read by " + other + " and " + flag);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(flagOfVariable).containsEntry("DAYBOOK_STATE_DIR", "--state-dir");
    }

    @Test
    void noCommandDeclaresAFlagTwice() {
        for (CommandLine command : uninterpolated().getSubcommands().values()) {
            List<String> names = command.getCommandSpec().options().stream()
                    .flatMap(option -> Arrays.stream(option.names()))
                    .toList();
            assertThat(names).as(command.getCommandName()).doesNotHaveDuplicates();
        }
    }

    @Test
    void theStateDirectoryIsOneOptionOfEveryCommandThatKeepsState() {
        CommandLine daybook = uninterpolated();
        for (String name : List.of("run", "aggregate", "sink", "reset")) {
            OptionSpec stateDir =
                    daybook.getSubcommands().get(name).getCommandSpec().findOption("--state-dir");
            assertThat(EnvironmentDefaults.variableOf(stateDir)).isEqualTo("DAYBOOK_STATE_DIR");
            assertThat(stateDir.defaultValue()).isEqualTo("./.daybook");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "aggregate", "sink", "reset"})
    void aCommandThatKeepsStateRefusesToStartWithLessThanTheMinimumFreeSpace(String name, @TempDir Path dir) {
        Path state = dir.resolve("state");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine =
                Daybook.commandLine(new Daybook(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute(
                name,
                "--state-dir",
                state.toString(),
                "--min-free-space",
                "1000TiB",
                "--bootstrap-servers",
                "127.0.0.1:9");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .matches(
                        "daybook " + name + ": the state directory " + Pattern.quote(state.toString())
                                + " has [\\d.]+ [KMGT]?i?B free, less than --min-free-space \\(1000 TiB\\): free space or move --state-dir\\R");
        assertThat(stdout.size()).isZero();
        assertThat(state).as("nothing started").isEmptyDirectory();
    }

    @Test
    void everyCommandPrintsItsHelpAndSucceeds() {
        for (String name : Daybook.commandLine(new Daybook()).getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            CommandLine commandLine = Daybook.commandLine(new Daybook());
            commandLine.setOut(new PrintWriter(out));

            int exitCode = commandLine.execute(name, "--help");

            assertThat(exitCode).as(name).isZero();
            assertThat(out.toString())
                    .as(name)
                    .startsWith("Usage: daybook " + name)
                    .contains("--help");
        }
    }

    @Test
    void aWrongOptionIsAUsageErrorOnStandardError() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine =
                Daybook.commandLine(new Daybook(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("sink", "--warehouse", "mysql:db");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("unknown warehouse 'mysql:db'");
        assertThat(stdout.size()).isZero();
    }
}
