package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.schemas.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SQL of each table in DuckDB: its DDL from {@code schemas/duckdb}, the temporary table a batch is appended to,
 * and the statement that merges that batch into the table idempotently.
 */
final class DuckDbTables {

    private DuckDbTables() {}

    static String create(WarehouseTable table) {
        return ddl(table).replace("${table}", table.tableName());
    }

    /** The table of what Daybook expects, as a temporary table, to compare the existing table's columns with. */
    static String createExpected(WarehouseTable table) {
        return ddl(table)
                .replace("CREATE TABLE IF NOT EXISTS ${table}", "CREATE OR REPLACE TEMP TABLE " + expected(table));
    }

    static String expected(WarehouseTable table) {
        return "expected_" + table.tableName();
    }

    static String staging(WarehouseTable table) {
        return table.tableName() + "_batch";
    }

    /** The temporary table a batch is appended to: the table's columns without its constraints. */
    static String createStaging(WarehouseTable table) {
        return "CREATE OR REPLACE TEMP TABLE " + staging(table) + " AS SELECT * FROM main." + table.tableName()
                + " LIMIT 0";
    }

    /**
     * Merges the staged batch: rows of a new key are inserted; an existing row is replaced only by a row of higher
     * version where the table has one, always by the newest staged row of reference tables, and never in the
     * insert-only tables (transactions, dates), so that writing a batch again changes nothing.
     */
    static String merge(WarehouseTable table) {
        String name = table.tableName();
        return switch (table) {
            case TRANSACTIONS -> insertOnce(name, "event_id");
            case DATES -> insertOnce(name, "date");
            case DAILY_VOLUME ->
                upsert(
                        name,
                        List.of("date", "project_id"),
                        List.of(
                                "num_transactions",
                                "total_volume_usd",
                                "unpriced_transactions",
                                "updated_at",
                                "version"),
                        true);
            case DAILY_CURRENCY_VOLUME ->
                upsert(
                        name,
                        List.of("date", "project_id", "chain_id", "currency_address"),
                        List.of("num_transactions", "volume_usd", "unpriced_transactions", "updated_at", "version"),
                        true);
            case COIN_DAILY ->
                upsert(
                        name,
                        List.of("coin_id", "date"),
                        List.of("price_usd", "market_cap_usd", "volume_24h_usd", "source", "updated_at"),
                        false);
            case TOKENS ->
                upsert(
                        name,
                        List.of("chain_id", "address"),
                        List.of("symbol", "decimals", "coin_id", "name", "updated_at"),
                        false);
        };
    }

    private static String insertOnce(String name, String key) {
        return "INSERT INTO " + name + " SELECT * FROM " + name + "_batch"
                + " QUALIFY row_number() OVER (PARTITION BY " + key + ") = 1"
                + " ON CONFLICT (" + key + ") DO NOTHING";
    }

    private static String upsert(String name, List<String> key, List<String> values, boolean versioned) {
        String keys = String.join(", ", key);
        String newestFirst = versioned ? "version DESC" : "rowid DESC";
        StringBuilder sql = new StringBuilder("INSERT INTO " + name + " SELECT * FROM " + name + "_batch"
                + " QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY " + newestFirst + ") = 1"
                + " ON CONFLICT (" + keys + ") DO UPDATE SET ");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append(values.get(i))
                    .append(" = excluded.")
                    .append(values.get(i));
        }
        if (versioned) {
            sql.append(" WHERE excluded.version > ").append(name).append(".version");
        }
        return sql.toString();
    }

    private static String ddl(WarehouseTable table) {
        String resource = table.ddlResource("duckdb");
        try (InputStream in = DuckDbTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL " + resource + " is not on the class path (daybook-schemas)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
