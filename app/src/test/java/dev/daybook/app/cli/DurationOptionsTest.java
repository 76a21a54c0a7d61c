package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Every duration option reads the same syntax, and is named without a unit. */
class DurationOptionsTest {

    @Test
    void everyDurationOptionAcceptsTheShortFormAndIso8601() {
        List<String> problems = new ArrayList<>();
        for (CommandLine command :
                CommandOptionsTest.uninterpolated().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.type() != Duration.class) {
                    continue;
                }
                for (String value : List.of("200ms", "PT0.2S", "2d")) {
                    try {
                        Daybook.commandLine(new Daybook())
                                .parseArgs(command.getCommandName(), option.longestName(), value);
                    } catch (CommandLine.ParameterException e) {
                        problems.add(command.getCommandName() + " " + option.longestName() + " " + value + ": "
                                + e.getMessage());
                    }
                }
                String defaultValue =
                        String.valueOf(option.defaultValue()).replaceAll("^\\$\\{env:[A-Z0-9_]+(?::-)?(.*)}$", "$1");
                if (!defaultValue.matches("|null|\\d+(ms|s|m|h|d)")) {
                    problems.add(command.getCommandName() + " " + option.longestName() + " defaults to "
                            + option.defaultValue());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noOptionIsNamedWithAUnit() {
        for (CommandLine command :
                CommandOptionsTest.uninterpolated().getSubcommands().values()) {
            assertThat(command.getCommandSpec().options())
                    .extracting(OptionSpec::longestName)
                    .as(command.getCommandName())
                    .noneMatch(name -> name.matches(".*-(ms|millis|seconds|secs)"));
        }
    }

    @Test
    void theCommitIntervalAndTheSinkBackoffTakeTheShortFormAndIso() {
        CommandLine daybook = Daybook.commandLine(new Daybook());
        daybook.parseArgs("aggregate", "--commit-interval", "200ms");
        assertThat(daybook.getSubcommands()
                        .get("aggregate")
                        .getParseResult()
                        .matchedOptionValue("--commit-interval", Duration.ZERO))
                .isEqualTo(Duration.ofMillis(200));

        CommandLine again = Daybook.commandLine(new Daybook());
        again.parseArgs("sink", "--sink-retry-backoff", "PT30S", "--sink-retry-backoff-max", "2m");
        ParseResult sink = again.getSubcommands().get("sink").getParseResult();
        assertThat(sink.matchedOptionValue("--sink-retry-backoff", Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(sink.matchedOptionValue("--sink-retry-backoff-max", Duration.ZERO))
                .isEqualTo(Duration.ofMinutes(2));
    }
}
