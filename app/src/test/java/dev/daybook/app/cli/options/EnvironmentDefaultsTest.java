package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class EnvironmentDefaultsTest {

    @Command(name = "ingest")
    static final class Ingest {
        @Mixin
        SourceOptions source;

        @Option(names = "--max-decompressed-bytes", converter = ByteSizeConverter.class, defaultValue = "10GiB")
        long maxDecompressedBytes;
    }

    private static Ingest parse(Map<String, String> environment, String... args) {
        Ingest ingest = new Ingest();
        CommandLine commandLine = new CommandLine(ingest);
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.parseArgs(args);
        return ingest;
    }

    @Test
    void aFlagBeatsTheVariableAndTheVariableBeatsTheDefault() {
        Map<String, String> environment = Map.of("DAYBOOK_MAX_OBJECTS_IN_FLIGHT", "8", "DAYBOOK_POLL_INTERVAL", "5m");

        assertThat(parse(Map.of()).source.maxObjectsInFlight()).isEqualTo(4);
        assertThat(parse(environment).source.maxObjectsInFlight()).isEqualTo(8);
        assertThat(parse(environment, "--max-objects-in-flight", "16").source.maxObjectsInFlight())
                .isEqualTo(16);
        assertThat(parse(environment, "--source", "gs://b/p/").source.pollInterval())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theVariableIsDaybookAndTheLongestNameInUpperCase() {
        Ingest ingest = parse(Map.of("DAYBOOK_MAX_DECOMPRESSED_BYTES", "1MiB"));
        CommandLine.Model.OptionSpec option =
                new CommandLine(ingest).getCommandSpec().findOption("--max-decompressed-bytes");

        assertThat(EnvironmentDefaults.variableOf(option)).isEqualTo("DAYBOOK_MAX_DECOMPRESSED_BYTES");
        assertThat(ingest.maxDecompressedBytes).isEqualTo(1 << 20);
    }

    @Test
    void theVariablesNamedBeforeTheRuleKeepTheirNames() {
        CommandLine daybook = Daybook.commandLine(new Daybook());

        assertThat(variable(daybook, "ingest", "--retry-failed")).isEqualTo("DAYBOOK_INGEST_RETRY_FAILED");
        assertThat(variable(daybook, "generate", "--rows")).isEqualTo("DAYBOOK_GENERATE_ROWS");
        assertThat(variable(daybook, "run", "--once")).isEqualTo("DAYBOOK_ONCE");
    }

    @Test
    void theHelpShowsEachOptionsVariable() {
        String help = Daybook.commandLine(new Daybook())
                .getSubcommands()
                .get("ingest")
                .getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help)
                .contains("env DAYBOOK_MAX_DECOMPRESSED_BYTES", "env DAYBOOK_INGEST_RETRY_FAILED", "env DAYBOOK_SOURCE")
                .doesNotContain("env DAYBOOK_HELP");
    }

    static String variable(CommandLine daybook, String command, String option) {
        return EnvironmentDefaults.variableOf(
                daybook.getSubcommands().get(command).getCommandSpec().findOption(option));
    }
}
