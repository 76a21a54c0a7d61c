package dev.daybook.connectors.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.testing.DuckDbFileHolder;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

    @TempDir
    Path dir;

    private static DailyVolume row(LocalDate day, String project, long count, String usd, long version) {
        return new DailyVolume(day, project, count, new BigDecimal(usd), 0, version);
    }

    @Test
    void newerVersionReplacesARowAndOlderOrEqualVersionsDoNot() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("db/daybook.duckdb"))) {
            warehouse.prepare();
            warehouse.upsert(List.of(row(DAY, "p1", 2, "10.5", 2), row(DAY, "p2", 1, "3", 1)));
            warehouse.upsert(List.of(row(DAY, "p1", 3, "20.25", 3)));
            warehouse.upsert(List.of(row(DAY, "p1", 1, "1", 1), row(DAY, "p2", 9, "99", 1)));

            assertThat(warehouse.read()).containsExactly(row(DAY, "p1", 3, "20.25", 3), row(DAY, "p2", 1, "3", 1));
        }
    }

    @Test
    void clearingAcceptsARecomputedTableWhoseVersionsStartAgain() throws Exception {
        Path file = dir.resolve("daybook.duckdb");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();
            warehouse.upsert(List.of(row(DAY, "p1", 2, "10.5", 7), row(DAY, "p2", 1, "3", 4)));

            warehouse.clear();
            warehouse.upsert(List.of(row(DAY, "p1", 2, "10.5", 1)));
        }
        try (DuckDbWarehouse reopened = new DuckDbWarehouse(file)) {
            reopened.prepare();
            assertThat(reopened.read()).containsExactly(row(DAY, "p1", 2, "10.5", 1));
        }
    }

    @Test
    void keepsTheTableAcrossReopeningAndSortsByDateThenProject() throws Exception {
        Path file = dir.resolve("daybook.duckdb");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();
            warehouse.upsert(
                    List.of(row(DAY.plusDays(1), "a", 1, "1", 1), row(DAY, "b", 2, "2", 1), row(DAY, "a", 3, "3", 1)));
        }
        try (DuckDbWarehouse reopened = new DuckDbWarehouse(file)) {
            reopened.prepare();
            assertThat(reopened.read())
                    .extracting(v -> v.date() + ":" + v.projectId())
                    .containsExactly("2024-03-01:a", "2024-03-01:b", "2024-03-02:a");
        }
    }

    @Test
    void writesTheSeedColumnsAndTheWriteTime() throws Exception {
        Path file = dir.resolve("daybook.duckdb");
        Instant now = Instant.parse("2024-03-02T10:15:30.123456Z");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file, Clock.fixed(now, ZoneOffset.UTC))) {
            warehouse.prepare();
            warehouse.upsert(List.of(new DailyVolume(DAY, "p1", 7, new BigDecimal("1234.56"), 2, 5)));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM daily_volume")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject("date", LocalDate.class)).isEqualTo(DAY);
            assertThat(rows.getString("project_id")).isEqualTo("p1");
            assertThat(rows.getLong("num_transactions")).isEqualTo(7);
            assertThat(rows.getDouble("total_volume_usd")).isEqualTo(1234.56);
            assertThat(rows.getLong("unpriced_transactions")).isEqualTo(2);
            assertThat(rows.getObject("updated_at", LocalDateTime.class))
                    .isEqualTo(LocalDateTime.of(2024, 3, 2, 10, 15, 30, 123_456_000));
            assertThat(rows.getLong("version")).isEqualTo(5);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void upsertsALargeBatchInOneTransaction() throws Exception {
        List<DailyVolume> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(row(DAY.plusDays(i % 100), "project-" + i / 100, i, i + ".01", 1));
        }
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("daybook.duckdb"))) {
            warehouse.prepare();
            warehouse.upsert(batch);
            List<DailyVolume> table = warehouse.read();
            assertThat(table).hasSize(5000);
            assertThat(new HashSet<>(table)).isEqualTo(new HashSet<>(batch));
        }
    }

    @Test
    void refusesATableWithOtherColumnsPermanently() throws Exception {
        Path file = dir.resolve("daybook.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE daily_volume (date DATE, project_id VARCHAR, volume DOUBLE)");
        }
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            assertThatThrownBy(warehouse::prepare)
                    .isInstanceOfSatisfying(
                            WarehouseException.class,
                            e -> assertThat(e.transientFailure()).isFalse())
                    .hasMessageContaining("table daily_volume in " + file.toAbsolutePath()
                            + " does not have the columns Daybook needs: date: DATE in the table, DATE NOT NULL needed;"
                            + " project_id: VARCHAR in the table, VARCHAR NOT NULL needed;"
                            + " num_transactions: missing, BIGINT NOT NULL needed;")
                    .hasMessageContaining("volume: not a column of Daybook's table");
        }
    }

    @Test
    void aRowThatBreaksAConstraintOfTheTableIsARefusalOfRowsAndOtherRowsStillPass() throws Exception {
        Path file = dir.resolve("checked.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE daily_volume (date DATE NOT NULL, project_id VARCHAR NOT NULL,"
                    + " num_transactions BIGINT NOT NULL, total_volume_usd DOUBLE NOT NULL, unpriced_transactions BIGINT NOT NULL,"
                    + " updated_at TIMESTAMP NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (date, project_id),"
                    + " CHECK (project_id <> 'refused'))");
        }
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();

            assertThatThrownBy(
                            () -> warehouse.upsert(List.of(row(DAY, "p1", 1, "1", 1), row(DAY, "refused", 1, "1", 1))))
                    .isInstanceOfSatisfying(WarehouseException.class, e -> {
                        assertThat(e.rowsRefused()).isTrue();
                        assertThat(e.transientFailure()).isFalse();
                        assertThat(e)
                                .hasMessageStartingWith("cannot write 2 rows to daily_volume in "
                                        + file.toAbsolutePath() + ": Constraint Error")
                                .hasMessageContaining("CHECK constraint failed");
                    });
            warehouse.upsert(List.of(row(DAY, "p1", 1, "1", 1)));

            assertThat(warehouse.read()).containsExactly(row(DAY, "p1", 1, "1", 1));
        }
    }

    @Test
    @Tag("integration")
    void aFileAnotherProcessHoldsFailsAtOnceSayingWhatToDo() throws Exception {
        Path file = dir.resolve("held.duckdb");
        try (DuckDbFileHolder holder = DuckDbFileHolder.hold(file);
                DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            assertThatThrownBy(warehouse::prepare).isInstanceOfSatisfying(WarehouseException.class, e -> {
                assertThat(e.transientFailure()).isFalse();
                assertThat(e.rowsRefused()).isFalse();
                assertThat(e)
                        .hasMessage("the DuckDB file " + file.toAbsolutePath() + " is in use by another process (PID "
                                + holder.pid() + "): stop that process (another daybook run or sink, or a duckdb shell)"
                                + " or point --warehouse at another file");
            });
        }
    }
}
