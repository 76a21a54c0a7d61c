package dev.daybook.schemas.warehouse;

/**
 * The tables of the warehouse model, with the same names and columns in every warehouse: their DDL is
 * {@code schemas/bigquery/<name>.sql} and {@code schemas/duckdb/<name>.sql} (on the class path under
 * {@code dev/daybook/schemas/bigquery/} and {@code dev/daybook/schemas/duckdb/}), with {@code ${table}} standing
 * for the table's full name. The analysts' views are in the {@code views/} folder next to them.
 */
public enum WarehouseTable {
    /** The raw layer: one row per accepted transaction, each event id once. Rows: {@code Transaction}. */
    TRANSACTIONS("transactions"),
    /** One row per (day, project). Rows: {@code DailyVolume}. Named by {@code --warehouse} where the warehouse allows. */
    DAILY_VOLUME("daily_volume"),
    /** One row per (day, project, chain, currency), summing to daily_volume. Rows: {@code DailyCurrencyVolume}. */
    DAILY_CURRENCY_VOLUME("daily_currency_volume"),
    /** Market data per (coin, day). Rows: {@link CoinDaily}. */
    COIN_DAILY("coin_daily"),
    /** The asset dimension, per (chain, address). Rows: {@link TokenRow}. */
    TOKENS("tokens"),
    /** The date dimension, per day present in the dated tables. Rows: {@link DateRow}. */
    DATES("dates");

    private final String tableName;

    WarehouseTable(String tableName) {
        this.tableName = tableName;
    }

    /** The table's name in every warehouse (but see {@link #DAILY_VOLUME}). */
    public String tableName() {
        return tableName;
    }

    /** The class-path resource of the table's DDL in {@code dialect} ({@code bigquery} or {@code duckdb}). */
    public String ddlResource(String dialect) {
        return "/dev/daybook/schemas/" + dialect + "/" + tableName + ".sql";
    }
}
