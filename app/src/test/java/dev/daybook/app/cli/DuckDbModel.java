package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The tables of the warehouse model in a DuckDB file, held against a generated scenario and against each other:
 * what every end-to-end test of a DuckDB warehouse checks after its run, {@code daybook check} included.
 */
final class DuckDbModel {

    private DuckDbModel() {}

    /**
     * The raw layer has each accepted transaction once and counts what daily_volume counts; daily_currency_volume
     * adds up to daily_volume (counts exactly, USD within the rounding of a double); the reference tables hold the
     * scenario's tokens and rates; dates holds the days present.
     */
    static void assertMatches(Path file, GeneratedScenario scenario) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(longs(statement, "SELECT count(*), count(DISTINCT event_id) FROM transactions"))
                    .as("each accepted transaction once in the raw layer")
                    .containsExactly(scenario.expectedTransactions(), scenario.expectedTransactions());
            assertThat(rows(
                            statement,
                            "SELECT coalesce(r.date, d.date), coalesce(r.project_id, d.project_id), r.n,"
                                    + " d.num_transactions FROM (SELECT date, project_id, count(*) AS n"
                                    + " FROM transactions GROUP BY ALL) r FULL JOIN daily_volume d"
                                    + " ON r.date = d.date AND r.project_id = d.project_id"
                                    + " WHERE r.n IS DISTINCT FROM d.num_transactions"))
                    .as("(date, project) whose raw count differs from daily_volume")
                    .isEmpty();
            assertThat(
                            rows(
                                    statement,
                                    "SELECT d.date, d.project_id FROM daily_volume d LEFT JOIN (SELECT date, project_id,"
                                            + " sum(num_transactions) AS n, sum(unpriced_transactions) AS u,"
                                            + " sum(volume_usd) AS v FROM daily_currency_volume GROUP BY ALL) c"
                                            + " ON c.date = d.date AND c.project_id = d.project_id"
                                            + " WHERE c.n IS DISTINCT FROM d.num_transactions"
                                            + " OR c.u IS DISTINCT FROM d.unpriced_transactions"
                                            + " OR abs(c.v - d.total_volume_usd) > 1e-9 * greatest(1, abs(d.total_volume_usd))"))
                    .as("(date, project) whose currency rows do not add up to daily_volume")
                    .isEmpty();
            assertThat(longs(statement, "SELECT count(*) FROM daily_currency_volume WHERE num_transactions = 0"))
                    .containsExactly(0L);
            assertThat(longs(statement, "SELECT count(*) FROM tokens")).containsExactly(dataLines(scenario.tokens));
            assertThat(longs(statement, "SELECT count(*) FROM coin_daily"))
                    .containsExactly(dataLines(scenario.allRates));
            assertThat(rows(
                            statement,
                            "SELECT date FROM (SELECT date FROM transactions UNION SELECT date FROM daily_volume"
                                    + " UNION SELECT date FROM daily_currency_volume UNION SELECT date FROM coin_daily)"
                                    + " EXCEPT SELECT date FROM dates"))
                    .as("days missing from dates")
                    .isEmpty();
        }
        assertCheckPasses(file);
    }

    /** {@code daybook check} on the file finds nothing: exit 0, no table of discrepancies. */
    static void assertCheckPasses(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine daybook = Daybook.commandLine(new Daybook(new PrintStream(out, true, StandardCharsets.UTF_8)));
        daybook.setErr(new PrintWriter(err, true));

        int exit = daybook.execute("check", "--warehouse", "duckdb:" + file);

        assertThat(exit)
                .as("daybook check: %s%s", out.toString(StandardCharsets.UTF_8), err)
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static long dataLines(Path csv) throws Exception {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .count();
    }

    private static List<Long> longs(Statement statement, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getLong(i));
            }
        }
        return values;
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : ",").append(rows.getString(i));
                }
                found.add(row.toString());
            }
        }
        return found;
    }
}
