package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code daybook bench}, added from its own jar, reads its options from variables that carry its name. */
class BenchEnvironmentDefaultsTest {

    @Test
    void benchOptionsCarryTheCommandsName() {
        CommandLine daybook = Daybook.commandLine(new Daybook());

        assertThat(EnvironmentDefaultsTest.variable(daybook, "bench", "--rows")).isEqualTo("DAYBOOK_BENCH_ROWS");
    }
}
