package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.generate.GeneratorConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class GenerateOptionsTest {

    @Command(name = "generate")
    static final class Generate {
        @Mixin
        GenerateOptions options;
    }

    @Test
    void theDefaultsAreTheConfigurationDefaults() {
        GenerateOptions options = parse();

        assertThat(options.toConfig()).isEqualTo(GeneratorConfig.builder().build());
        assertThat(options.out()).isEqualTo(Path.of("generated"));
    }

    @Test
    void everyOptionReachesTheConfiguration() {
        GenerateOptions options = parse(
                "--out",
                "/tmp/x",
                "--rows",
                "10",
                "--rows-per-file",
                "3",
                "--start-date",
                "2024-01-02",
                "--days",
                "2",
                "--projects",
                "3",
                "--seed",
                "9",
                "--late",
                "0.1",
                "--max-late-days",
                "5",
                "--duplicates",
                "0.2",
                "--malformed",
                "0.1",
                "--unknown-currency",
                "0.1",
                "--other-events",
                "0.1",
                "--decimal-only",
                "0.1",
                "--amount-mismatch",
                "0.1",
                "--gzip",
                "--file-prefix",
                "demo");

        assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.toConfig())
                .isEqualTo(new GeneratorConfig(
                        10, LocalDate.of(2024, 1, 2), 2, 3, 9, 0.1, 5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, true, 3, "demo"));
    }

    private static GenerateOptions parse(String... args) {
        Generate command = new Generate();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }
}
