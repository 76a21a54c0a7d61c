package dev.daybook.connectors.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every table of the warehouse model in DuckDB: created, written exactly and idempotently, checked. */
class DuckDbModelTest {

    private static final LocalDate DAY = LocalDate.of(2024, 4, 15);
    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    private static final String HUGE = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("daybook.duckdb");
    }

    static Transaction transaction(String eventId, String collection) {
        return new Transaction(
                eventId,
                1_713_147_307_167L,
                "BUY_ITEMS",
                "4974",
                137,
                SFL,
                "SFL",
                new BigInteger(HUGE),
                new BigDecimal("0.6136203411678249"),
                new SourceRef("gs://b/a.csv", 17, 2),
                "seq-market",
                collection,
                "215",
                "0xabc1",
                "amm",
                null,
                "DE",
                "desktop",
                "linux",
                "x86_64",
                "chrome",
                "122.0.0.0");
    }

    @Test
    void keepsEveryTableAndCreatesThemAll() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            assertThat(warehouse.tables()).isEqualTo(EnumSet.allOf(WarehouseTable.class));
        }
        for (WarehouseTable table : WarehouseTable.values()) {
            assertThat(query("SELECT count(*) FROM " + table.tableName())).containsExactly(List.of(0L));
        }
    }

    @Test
    void createsEveryViewOfTheDialectOverTheTables() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.insertDates(List.of(DateRow.of(DAY)));
            warehouse.upsert(List.of(new DailyVolume(DAY, "4974", 3, BigDecimal.ONE, 0, 1)));
        }

        assertThat(query("SELECT * FROM test_volume_by_week")).containsExactly(List.of(2024L, 16L, 3L));
    }

    @Test
    void theRawLayerKeepsEachEventIdOnceWithEveryColumnExact() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.insertTransactions(List.of(transaction("e1", "0x22d5"), transaction("e2", null)));
            warehouse.insertTransactions(List.of(transaction("e1", "replayed"), transaction("e1", "again")));
        }

        assertThat(query("SELECT event_id, collection_address, amount_raw, amount_decimal, date, ts, source_uri,"
                        + " source_generation, source_line, country, request_id FROM transactions ORDER BY event_id"))
                .containsExactly(
                        List.of(
                                "e1",
                                "0x22d5",
                                HUGE,
                                "0.6136203411678249",
                                DAY,
                                java.time.LocalDateTime.of(2024, 4, 15, 2, 15, 7, 167_000_000),
                                "gs://b/a.csv",
                                17L,
                                2L,
                                "DE",
                                "null"),
                        List.of(
                                "e2",
                                "null",
                                HUGE,
                                "0.6136203411678249",
                                DAY,
                                java.time.LocalDateTime.of(2024, 4, 15, 2, 15, 7, 167_000_000),
                                "gs://b/a.csv",
                                17L,
                                2L,
                                "DE",
                                "null"));
    }

    @Test
    void aCurrencyRowIsReplacedOnlyByAHigherVersion() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.upsertDailyCurrencyVolume(List.of(currency(3, "2.5", 4)));
            warehouse.upsertDailyCurrencyVolume(List.of(currency(2, "1", 3), currency(9, "9", 4)));
            warehouse.upsertDailyCurrencyVolume(List.of(currency(4, "3.25", 6), currency(5, "4", 5)));
        }

        assertThat(query("SELECT num_transactions, volume_usd, version FROM daily_currency_volume"))
                .containsExactly(List.of(4L, 3.25, 6L));
    }

    @Test
    void aCorrectedRateAndTokenReplaceTheirRowsAndAReplayChangesNothing() throws Exception {
        CoinDaily first = new CoinDaily("sunflower-land", DAY, new BigDecimal("0.04"), null, null, "file:rates.csv");
        CoinDaily corrected = new CoinDaily(
                "sunflower-land", DAY, new BigDecimal("0.05"), new BigDecimal("1.5E7"), new BigDecimal("3"), "x");
        TokenRow token = new TokenRow(137, SFL, "SFL", 18, "sunflower-land", null);
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.upsertCoinDaily(List.of(first));
            warehouse.upsertCoinDaily(List.of(corrected));
            warehouse.upsertCoinDaily(List.of(corrected));
            warehouse.upsertTokens(List.of(token));
            warehouse.upsertTokens(List.of(new TokenRow(137, SFL, "SFL", 17, "sunflower-land", null)));
        }

        assertThat(query("SELECT coin_id, date, price_usd, market_cap_usd, volume_24h_usd, source FROM coin_daily"))
                .containsExactly(List.of("sunflower-land", DAY, 0.05, 1.5e7, 3.0, "x"));
        assertThat(query("SELECT chain_id, address, symbol, decimals, coin_id, name FROM tokens"))
                .containsExactly(List.of(137L, SFL, "SFL", 17L, "sunflower-land", "null"));
    }

    @Test
    void eachDateIsInsertedOnceWithItsCalendar() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.insertDates(List.of(DateRow.of(DAY), DateRow.of(DAY.plusDays(5))));
            warehouse.insertDates(List.of(DateRow.of(DAY), DateRow.of(DAY)));
        }

        assertThat(query("SELECT * FROM dates ORDER BY date"))
                .containsExactly(
                        List.of(DAY, 2024L, 2L, 4L, 2024L, 16L, 1L, false),
                        List.of(DAY.plusDays(5), 2024L, 2L, 4L, 2024L, 16L, 6L, true));
    }

    @Test
    void clearingEmptiesTheComputedTablesAndKeepsTheOthers() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.upsert(List.of(new DailyVolume(DAY, "4974", 1, BigDecimal.ONE, 0, 3)));
            warehouse.upsertDailyCurrencyVolume(List.of(currency(1, "1", 3)));
            warehouse.insertTransactions(List.of(transaction("e1", null)));
            warehouse.insertDates(List.of(DateRow.of(DAY)));

            warehouse.clear();
            warehouse.upsertDailyCurrencyVolume(List.of(currency(1, "1", 1)));
        }

        assertThat(query("SELECT count(*) FROM daily_volume")).containsExactly(List.of(0L));
        assertThat(query("SELECT version FROM daily_currency_volume")).containsExactly(List.of(1L));
        assertThat(query("SELECT count(*) FROM transactions")).containsExactly(List.of(1L));
        assertThat(query("SELECT count(*) FROM dates")).containsExactly(List.of(1L));
    }

    @Test
    void aFileOfAnEarlierDaybookWithDailyVolumeOnlyGainsTheOtherTables() throws Exception {
        execute("CREATE TABLE daily_volume (date DATE NOT NULL, project_id VARCHAR NOT NULL,"
                + " num_transactions BIGINT NOT NULL, total_volume_usd DOUBLE NOT NULL,"
                + " unpriced_transactions BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL, version BIGINT NOT NULL,"
                + " PRIMARY KEY (date, project_id))");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            warehouse.prepare();
            warehouse.insertDates(List.of(DateRow.of(DAY)));
        }

        assertThat(query("SELECT count(*) FROM dates")).containsExactly(List.of(1L));
    }

    @Test
    void aModelTableWithOtherColumnsIsNamedWithTheColumnsThatDiffer() throws Exception {
        execute(
                "CREATE TABLE tokens (chain_id BIGINT NOT NULL, address VARCHAR NOT NULL, symbol VARCHAR,"
                        + " decimals INTEGER NOT NULL, coin_id VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL, extra VARCHAR)");
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file())) {
            assertThatThrownBy(warehouse::prepare)
                    .isInstanceOfSatisfying(
                            WarehouseException.class,
                            e -> assertThat(e.transientFailure()).isFalse())
                    .hasMessage("table tokens in " + file().toAbsolutePath()
                            + " does not have the columns Daybook needs: decimals: INTEGER NOT NULL in the table, BIGINT NOT NULL"
                            + " needed; name: missing, VARCHAR needed; extra: not a column of Daybook's table."
                            + " Move the file away or drop the table, and let the sink create it");
        }
    }

    private static DailyCurrencyVolume currency(long count, String usd, long version) {
        return new DailyCurrencyVolume(DAY, "4974", 137, SFL, count, new BigDecimal(usd), 0, version);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The rows of a query, each a list of its values; SQL NULL as "null" (List.of takes no null). */
    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> result = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    if (value instanceof java.sql.Date) {
                        value = rows.getObject(i, LocalDate.class);
                    } else if (value instanceof java.sql.Timestamp) {
                        value = rows.getObject(i, java.time.LocalDateTime.class);
                    } else if (value instanceof Integer number) {
                        value = number.longValue();
                    }
                    row.add(value == null ? "null" : value);
                }
                result.add(row);
            }
        }
        return result;
    }
}
