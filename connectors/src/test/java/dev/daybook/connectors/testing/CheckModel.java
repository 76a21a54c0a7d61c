package dev.daybook.connectors.testing;

import dev.daybook.schemas.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small consistent warehouse model, in the tables of the model's DDL, as statements both BigQuery and DuckDB
 * run: two days, two projects, two priced currencies, one currency tokens does not know (counted unpriced),
 * collections and countries. {@code name} turns a model table's name into its name in SQL. What the analysts'
 * views show of it is {@link #VIEWS}.
 */
public final class CheckModel {

    /**
     * Each view's rows (by the name of the view), ordered by all columns, as comma-separated values, numbers in their shortest form
     * (see {@link #row}).
     */
    public static final Map<String, List<String>> VIEWS = Map.of(
            "daily_volume_calendar",
            List.of(
                    "2024-04-15,2024,2,4,2024,16,1,false,p1,2,3001.75,0",
                    "2024-04-15,2024,2,4,2024,16,1,false,p2,2,0,2",
                    "2024-04-16,2024,2,4,2024,16,2,false,p1,1,2,0"),
            "currency_volume",
            List.of(
                    "2024-04-15,p1,1,0xusdc,USDC,USD Coin,usd-coin,1,1,1.5,0",
                    "2024-04-15,p1,1,0xweth,WETH,Wrapped Ether,weth,3000.25,1,3000.25,0",
                    "2024-04-15,p2,1,0xunknown,,,,,2,0,2",
                    "2024-04-16,p1,1,0xusdc,USDC,USD Coin,usd-coin,1,1,2,0"),
            "top_collections_daily",
            List.of(
                    "2024-04-15,1,0xc1,3,2,1.5,2,2",
                    "2024-04-15,1,0xc2,1,1,3000.25,0,1",
                    "2024-04-16,1,0xc2,1,1,2,0,1"),
            "volume_by_country",
            List.of(
                    "2024-04-15,p1,DE,1,1.5,0",
                    "2024-04-15,p1,US,1,3000.25,0",
                    "2024-04-15,p2,DE,1,0,1",
                    "2024-04-15,p2,FR,1,0,1",
                    "2024-04-16,p1,US,1,2,0"));

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

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
        return load(table.ddlResource(dialect)).replace("${table}", name);
    }

    private static String load(String resource) {
        try (InputStream in = CheckModel.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row of a view as {@link #VIEWS} has it: values joined by commas, null empty, numbers shortest. */
    public static String row(List<String> values) {
        return values.stream().map(CheckModel::shortest).collect(Collectors.joining(","));
    }

    private static String shortest(String value) {
        if (value == null) {
            return "";
        }
        if (!PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return new BigDecimal(value).stripTrailingZeros().toPlainString();
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
                + " source_line) VALUES " + transactionValues(eventId, date, project, currency, "1", "0xc1", "DE", 1);
    }

    @SuppressWarnings("TooManyParameters") // one row's values, in the order of the INSERT's columns
    private static String transactionValues(
            String eventId,
            String date,
            String project,
            String currency,
            String amountRaw,
            String collection,
            String country,
            int line) {
        return "('" + eventId + "', TIMESTAMP '" + date + " 12:00:00', DATE '" + date + "', 'ItemSold', '" + project
                + "', 1, '" + currency + "', '" + amountRaw + "', '" + collection + "', '" + country
                + "', 'file:///in/a.csv', 1, " + line + ")";
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
                                transactionValues("e1", "2024-04-15", "p1", "0xusdc", "1500000", "0xc1", "DE", 2),
                                transactionValues(
                                        "e2", "2024-04-15", "p1", "0xweth", "1000000000000000000", "0xc2", "US", 3),
                                transactionValues("e3", "2024-04-15", "p2", "0xunknown", "5", "0xc1", "DE", 4),
                                transactionValues("e4", "2024-04-15", "p2", "0xunknown", "7", "0xc1", "FR", 5),
                                transactionValues("e5", "2024-04-16", "p1", "0xusdc", "2000000", "0xc2", "US", 6)),
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
