package dev.daybook.connectors.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A small consistent warehouse model, as INSERT statements both BigQuery and DuckDB run: two days, two projects,
 * a priced currency on each day, a second priced currency and one that tokens does not know (all unpriced).
 * {@code name} turns a model table's name into its SQL name.
 */
public final class CheckModel {

    /** The columns of the model tables that the checks read, until the contract's DDL is merged. */
    private static final String[] DUCKDB = {
        "CREATE TABLE tokens (chain_id BIGINT, address VARCHAR, symbol VARCHAR, decimals INTEGER, coin_id VARCHAR,"
                + " name VARCHAR)",
        "CREATE TABLE transactions (event_id VARCHAR, date DATE, project_id VARCHAR, chain_id BIGINT,"
                + " currency_address VARCHAR)",
        "CREATE TABLE daily_currency_volume (date DATE, project_id VARCHAR, chain_id BIGINT, currency_address VARCHAR,"
                + " num_transactions BIGINT, unpriced_transactions BIGINT, volume_usd DECIMAL(38, 18))",
        "CREATE TABLE daily_volume (date DATE, project_id VARCHAR, num_transactions BIGINT, total_volume_usd DOUBLE,"
                + " unpriced_transactions BIGINT)"
    };

    private CheckModel() {}

    /** A DuckDB file holding the model. */
    public static void createDuckDb(Path file) throws SQLException {
        execute(file, DUCKDB);
        execute(file, inserts(table -> table).toArray(String[]::new));
    }

    /** Runs {@code statements} on the DuckDB file, e.g. to alter the model. */
    public static void execute(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public static List<String> inserts(UnaryOperator<String> name) {
        return List.of(
                "INSERT INTO " + name.apply("tokens") + " (chain_id, address, symbol, decimals, coin_id, name) VALUES"
                        + " (1, '0xusdc', 'USDC', 6, 'usd-coin', 'USD Coin'),"
                        + " (1, '0xweth', 'WETH', 18, 'weth', 'Wrapped Ether')",
                "INSERT INTO " + name.apply("transactions")
                        + " (event_id, date, project_id, chain_id, currency_address) VALUES"
                        + " ('e1', DATE '2024-04-15', 'p1', 1, '0xusdc'),"
                        + " ('e2', DATE '2024-04-15', 'p1', 1, '0xweth'),"
                        + " ('e3', DATE '2024-04-15', 'p2', 1, '0xunknown'),"
                        + " ('e4', DATE '2024-04-15', 'p2', 1, '0xunknown'),"
                        + " ('e5', DATE '2024-04-16', 'p1', 1, '0xusdc')",
                "INSERT INTO " + name.apply("daily_currency_volume")
                        + " (date, project_id, chain_id, currency_address, num_transactions, unpriced_transactions,"
                        + " volume_usd) VALUES"
                        + " (DATE '2024-04-15', 'p1', 1, '0xusdc', 1, 0, 1.5),"
                        + " (DATE '2024-04-15', 'p1', 1, '0xweth', 1, 0, 3000.25),"
                        + " (DATE '2024-04-15', 'p2', 1, '0xunknown', 2, 2, 0),"
                        + " (DATE '2024-04-16', 'p1', 1, '0xusdc', 1, 0, 2)",
                "INSERT INTO " + name.apply("daily_volume")
                        + " (date, project_id, num_transactions, total_volume_usd, unpriced_transactions) VALUES"
                        + " (DATE '2024-04-15', 'p1', 2, 3001.75, 0),"
                        + " (DATE '2024-04-15', 'p2', 2, 0, 2),"
                        + " (DATE '2024-04-16', 'p1', 1, 2, 0)");
    }
}
