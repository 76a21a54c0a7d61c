package dev.daybook.connectors.testing;

import dev.daybook.schemas.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A small consistent warehouse model, in the tables of the model's DDL, as statements both BigQuery and DuckDB
 * run: two days, two projects, two priced currencies, one currency tokens does not know (counted unpriced),
 * collections and countries. {@code name} turns a model table's name into its name in SQL.
 */
public final class CheckModel {

    private static final String UPDATED = "TIMESTAMP '2024-04-17 00:00:00'";

    private CheckModel() {}

    /** A DuckDB file holding the model, its tables created by the DDL of {@code schemas/duckdb}. */
    public static void createDuckDb(Path file) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (WarehouseTable table : WarehouseTable.values()) {
            statements.add(ddl(table, "duckdb", table.tableName()));
        }
        statements.addAll(inserts(table -> table));
        execute(file, statements.toArray(String[]::new));
    }

    /** The DDL of {@code table} in {@code dialect}, creating it as {@code name}. */
    public static String ddl(WarehouseTable table, String dialect, String name) {
        try (InputStream in = CheckModel.class.getResourceAsStream(table.ddlResource(dialect))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** A raw-layer row, for tests that add one. */
    public static String transaction(
            UnaryOperator<String> name, String eventId, String date, String project, String currency) {
        return "INSERT INTO " + name.apply("transactions") + " (event_id, ts, date, event, project_id, chain_id,"
                + " currency_address, amount_raw, collection_address, country, source_uri, source_generation,"
                + " source_line) VALUES " + transactionValues(eventId, date, project, currency, "0xc1", "DE", 1);
    }

    private static String transactionValues(
            String eventId, String date, String project, String currency, String collection, String country, int line) {
        return "('" + eventId + "', TIMESTAMP '" + date + " 12:00:00', DATE '" + date + "', 'ItemSold', '" + project
                + "', 1, '" + currency + "', '1000000', '" + collection + "', '" + country
                + "', 'file:///in/a.csv', 1, "
                + line + ")";
    }

    public static List<String> inserts(UnaryOperator<String> name) {
        return List.of(
                "INSERT INTO " + name.apply("tokens")
                        + " (chain_id, address, symbol, decimals, coin_id, name, updated_at) VALUES"
                        + " (1, '0xusdc', 'USDC', 6, 'usd-coin', 'USD Coin', " + UPDATED + "),"
                        + " (1, '0xweth', 'WETH', 18, 'weth', 'Wrapped Ether', " + UPDATED + ")",
                "INSERT INTO " + name.apply("transactions") + " (event_id, ts, date, event, project_id, chain_id,"
                        + " currency_address, amount_raw, collection_address, country, source_uri, source_generation,"
                        + " source_line) VALUES "
                        + String.join(
                                ", ",
                                transactionValues("e1", "2024-04-15", "p1", "0xusdc", "0xc1", "DE", 2),
                                transactionValues("e2", "2024-04-15", "p1", "0xweth", "0xc2", "US", 3),
                                transactionValues("e3", "2024-04-15", "p2", "0xunknown", "0xc1", "DE", 4),
                                transactionValues("e4", "2024-04-15", "p2", "0xunknown", "0xc1", "FR", 5),
                                transactionValues("e5", "2024-04-16", "p1", "0xusdc", "0xc2", "US", 6)),
                "INSERT INTO " + name.apply("daily_currency_volume")
                        + " (date, project_id, chain_id, currency_address, num_transactions, volume_usd,"
                        + " unpriced_transactions, updated_at, version) VALUES"
                        + " (DATE '2024-04-15', 'p1', 1, '0xusdc', 1, 1.5, 0, " + UPDATED + ", 1),"
                        + " (DATE '2024-04-15', 'p1', 1, '0xweth', 1, 3000.25, 0, " + UPDATED + ", 1),"
                        + " (DATE '2024-04-15', 'p2', 1, '0xunknown', 2, 0, 2, " + UPDATED + ", 2),"
                        + " (DATE '2024-04-16', 'p1', 1, '0xusdc', 1, 2, 0, " + UPDATED + ", 1)",
                "INSERT INTO " + name.apply("daily_volume")
                        + " (date, project_id, num_transactions, total_volume_usd, unpriced_transactions, updated_at,"
                        + " version) VALUES"
                        + " (DATE '2024-04-15', 'p1', 2, 3001.75, 0, " + UPDATED + ", 2),"
                        + " (DATE '2024-04-15', 'p2', 2, 0, 2, " + UPDATED + ", 2),"
                        + " (DATE '2024-04-16', 'p1', 1, 2, 0, " + UPDATED + ", 1)",
                "INSERT INTO " + name.apply("coin_daily")
                        + " (coin_id, date, price_usd, market_cap_usd, volume_24h_usd, source, updated_at) VALUES"
                        + " ('usd-coin', DATE '2024-04-15', 1, 33000000000, 5000000000, 'file', " + UPDATED + "),"
                        + " ('weth', DATE '2024-04-15', 3000.25, NULL, NULL, 'file', " + UPDATED + "),"
                        + " ('usd-coin', DATE '2024-04-16', 1, 33000000000, 5000000000, 'file', " + UPDATED + ")",
                "INSERT INTO " + name.apply("dates")
                        + " (date, year, quarter, month, iso_year, iso_week, day_of_week, is_weekend) VALUES"
                        + " (DATE '2024-04-15', 2024, 2, 4, 2024, 16, 1, FALSE),"
                        + " (DATE '2024-04-16', 2024, 2, 4, 2024, 16, 2, FALSE)");
    }
}
