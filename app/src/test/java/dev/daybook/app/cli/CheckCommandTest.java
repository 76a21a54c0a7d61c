package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import dev.daybook.connectors.testing.CheckModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code daybook check} on DuckDB files: what it prints and how it exits. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private Path file;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void createModel() throws Exception {
        file = dir.resolve("warehouse.duckdb");
        CheckModel.createDuckDb(file);
    }

    @Test
    void aConsistentWarehousePassesAndPrintsNoTable() {
        assertThat(check("--warehouse", "duckdb:" + file)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString()).contains("check: the warehouse reconciles: 4 checks of duckdb:" + file);
    }

    @Test
    void anAlteredWarehouseFailsWithATableNamingTheRow() throws Exception {
        CheckModel.execute(file, "UPDATE daily_volume SET num_transactions = 7 WHERE date = DATE '2024-04-16'");

        assertThat(check("--warehouse", "duckdb:" + file)).isEqualTo(CheckCommand.DISCREPANCIES);

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "check         date        project_id  detail            expected  actual",
                        "raw_count     2024-04-16  p1          num_transactions  1         7",
                        "currency_sum  2024-04-16  p1          num_transactions  1         7");
        assertThat(err.toString()).contains("check: 2 discrepancies in 4 checks");
    }

    @Test
    void aWarehouseWrittenWithoutTheRawLayerPassesWithoutTheRawLayersChecks() throws Exception {
        CheckModel.execute(file, "DELETE FROM transactions");

        assertThat(check("--warehouse", "duckdb:" + file)).isEqualTo(CheckCommand.DISCREPANCIES);
        out.reset();
        assertThat(check("--warehouse", "duckdb:" + file, "--no-raw-layer")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString()).contains("check: the warehouse reconciles: 1 check of duckdb:" + file);
    }

    @Test
    void theRangeLimitsTheDaysChecked() throws Exception {
        CheckModel.execute(file, "UPDATE daily_volume SET num_transactions = 7 WHERE date = DATE '2024-04-16'");

        assertThat(check("--warehouse", "duckdb:" + file, "--to", "2024-04-15")).isZero();
        assertThat(check("--warehouse", "duckdb:" + file, "--from", "2024-04-16"))
                .isEqualTo(CheckCommand.DISCREPANCIES);
    }

    @Test
    void theDefaultWarehouseIsTheStateDirectorysDuckDbFile() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        CheckModel.createDuckDb(state.resolve("daybook.duckdb"));

        assertThat(check("--state-dir", state.toString())).isZero();
    }

    @Test
    void aMissingTableIsOneLineAndExitCodeOne() throws Exception {
        CheckModel.execute(file, "DROP TABLE tokens");

        assertThat(check("--warehouse", "duckdb:" + file)).isEqualTo(1);

        assertThat(err.toString().lines())
                .containsExactly("daybook check: duckdb:" + file + " has no table tokens: let this version's sink"
                        + " (daybook run or daybook sink) create them first");
    }

    @Test
    void aMissingFileOrAWarehouseWithoutTablesIsOneLine() {
        assertThat(check("--warehouse", "duckdb:" + dir.resolve("none.duckdb"))).isEqualTo(1);
        assertThat(check("--warehouse", "print")).isEqualTo(1);

        assertThat(err.toString().lines())
                .containsExactly(
                        "daybook check: no DuckDB file " + dir.resolve("none.duckdb"),
                        "daybook check: --warehouse print keeps no table to check: use duckdb:PATH or"
                                + " bigquery:PROJECT.DATASET.TABLE");
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsAUsageError() {
        assertThat(check("--warehouse", "duckdb:" + file, "--from", "2024-04-16", "--to", "2024-04-15"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--from and --to: the range starts (2024-04-16) after it ends (2024-04-15)");
    }

    private int check(String... args) {
        CommandLine commandLine = Daybook.commandLine(new Daybook(new PrintStream(out, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return commandLine.execute(all);
    }
}
