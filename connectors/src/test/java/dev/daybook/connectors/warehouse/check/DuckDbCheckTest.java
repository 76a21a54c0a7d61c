package dev.daybook.connectors.warehouse.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.testing.CheckModel;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.duckdb.DuckDbReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daybook check}'s queries on a DuckDB file holding the small model, consistent and altered. */
class DuckDbCheckTest {

    private static final LocalDate APRIL_15 = LocalDate.of(2024, 4, 15);
    private static final LocalDate APRIL_16 = LocalDate.of(2024, 4, 16);

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void createModel() throws Exception {
        file = dir.resolve("daybook.duckdb");
        CheckModel.createDuckDb(file);
    }

    @Test
    void aConsistentModelHasNoDiscrepancy() throws Exception {
        assertThat(check(DateRange.ALL)).isEmpty();
    }

    @Test
    void aTransactionMissingFromTheRawLayerIsNamedByItsDayAndProject() throws Exception {
        execute("DELETE FROM transactions WHERE event_id = 'e5'");

        assertThat(check(DateRange.ALL))
                .containsExactly(new Discrepancy("raw_count", APRIL_16, "p1", "num_transactions", "0", "1"));
    }

    @Test
    void withoutTheRawLayerOnlyTheCurrencySumIsCheckedAndStillFindsItsDiscrepancies() throws Exception {
        execute(
                "DELETE FROM transactions",
                "UPDATE daily_currency_volume SET volume_usd = 3000.26 WHERE currency_address = '0xweth'");

        assertThat(check(DateRange.ALL)).extracting(Discrepancy::check).contains("raw_count", "currency_sum");
        try (DuckDbReader reader = DuckDbReader.open(file)) {
            assertThat(WarehouseCheck.run(reader, DateRange.ALL, WarehouseCheck.WITHOUT_RAW_LAYER))
                    .containsExactly(
                            new Discrepancy("currency_sum", APRIL_15, "p1", "total_volume_usd", "3001.76", "3001.75"));
        }
    }

    @Test
    void anEventStoredTwiceIsNamedByItsEventId() throws Exception {
        // the DuckDB table's primary key keeps an event once; a table without it (made by hand) may not
        execute(
                "CREATE TABLE unkeyed AS SELECT * FROM transactions",
                "DROP TABLE transactions",
                "ALTER TABLE unkeyed RENAME TO transactions",
                CheckModel.transaction(table -> table, "e1", "2024-04-15", "p1", "0xusdc"));

        assertThat(check(DateRange.ALL))
                .containsExactly(
                        new Discrepancy("raw_count", APRIL_15, "p1", "num_transactions", "3", "2"),
                        new Discrepancy("duplicate_event", APRIL_15, "p1", "event_id e1", "1", "2"));
    }

    @Test
    void aCurrencyVolumeThatDoesNotAddUpIsNamedWithTheColumn() throws Exception {
        execute("UPDATE daily_currency_volume SET volume_usd = 3000.26 WHERE currency_address = '0xweth'");

        assertThat(check(DateRange.ALL))
                .containsExactly(
                        new Discrepancy("currency_sum", APRIL_15, "p1", "total_volume_usd", "3001.76", "3001.75"));
    }

    @Test
    void currencyVolumesWhoseDoublesAddUpToTheDaysDoubleOnlyUpToRoundingReconcile() throws Exception {
        execute(
                "UPDATE daily_currency_volume SET volume_usd = 0.1 WHERE date = DATE '2024-04-15' AND currency_address = '0xusdc'",
                "UPDATE daily_currency_volume SET volume_usd = 0.2 WHERE currency_address = '0xweth'",
                "UPDATE daily_volume SET total_volume_usd = 0.3 WHERE date = DATE '2024-04-15' AND project_id = 'p1'");

        assertThat(0.1 + 0.2).isNotEqualTo(0.3);
        assertThat(check(DateRange.ALL)).isEmpty();
    }

    @Test
    void countsThatDoNotAddUpAreNamedEach() throws Exception {
        execute("UPDATE daily_volume SET num_transactions = 3, unpriced_transactions = 1"
                + " WHERE date = DATE '2024-04-15' AND project_id = 'p2'");

        assertThat(check(DateRange.ALL))
                .containsExactly(
                        new Discrepancy("raw_count", APRIL_15, "p2", "num_transactions", "2", "3"),
                        new Discrepancy("currency_sum", APRIL_15, "p2", "num_transactions", "2", "3"),
                        new Discrepancy("currency_sum", APRIL_15, "p2", "unpriced_transactions", "2", "1"));
    }

    @Test
    void aDayMissingFromDailyVolumeIsNamed() throws Exception {
        execute("DELETE FROM daily_volume WHERE date = DATE '2024-04-16'");

        assertThat(check(DateRange.ALL))
                .containsExactly(
                        new Discrepancy("raw_count", APRIL_16, "p1", "num_transactions", "1", "0"),
                        new Discrepancy("currency_sum", APRIL_16, "p1", "num_transactions", "1", "0"),
                        new Discrepancy("currency_sum", APRIL_16, "p1", "total_volume_usd", "2", "0"));
    }

    @Test
    void aCurrencyTokensDoesNotKnowMustBeCountedUnpriced() throws Exception {
        execute("DELETE FROM tokens WHERE address = '0xusdc'");

        assertThat(check(DateRange.ALL))
                .containsExactly(
                        new Discrepancy(
                                "unknown_currency",
                                APRIL_15,
                                "p1",
                                "unpriced_transactions of chain 1 currency 0xusdc",
                                "1",
                                "0"),
                        new Discrepancy(
                                "unknown_currency",
                                APRIL_16,
                                "p1",
                                "unpriced_transactions of chain 1 currency 0xusdc",
                                "1",
                                "0"));
    }

    @Test
    void onlyTheRangesDaysAreChecked() throws Exception {
        execute("DELETE FROM transactions WHERE event_id = 'e5'");

        assertThat(check(new DateRange(APRIL_15, APRIL_15))).isEmpty();
        assertThat(check(DateRange.of(APRIL_16, null))).hasSize(1);
    }

    @Test
    void aMissingTableIsNamedInOneLine() throws Exception {
        execute("DROP TABLE daily_currency_volume", "DROP TABLE tokens");

        assertThatThrownBy(() -> check(DateRange.ALL))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("has no table daily_currency_volume, tokens")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("none.duckdb");

        assertThatThrownBy(() -> DuckDbReader.open(missing))
                .isInstanceOf(WarehouseException.class)
                .hasMessage("no DuckDB file " + missing);
        assertThat(missing).doesNotExist();
    }

    private List<Discrepancy> check(DateRange range) throws WarehouseException {
        try (DuckDbReader reader = DuckDbReader.open(file)) {
            return WarehouseCheck.run(reader, range, WarehouseCheck.CHECKS);
        }
    }

    private void execute(String... statements) throws Exception {
        CheckModel.execute(file, statements);
    }
}
