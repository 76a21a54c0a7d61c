package dev.daybook.schemas.warehouse;

import java.util.List;

/**
 * The analysts' views over the warehouse model, with the same names and columns in every warehouse: their DDL is
 * {@code schemas/bigquery/views/<name>.sql} and {@code schemas/duckdb/views/<name>.sql} (on the class path under
 * {@code dev/daybook/schemas/<dialect>/views/}), with {@code ${view}} standing for the view's full name and
 * {@code ${<table>}} for the full name of each model table it reads (e.g. {@code ${daily_volume}}).
 */
public enum WarehouseView {
    /** daily_volume with the date dimension: year, quarter, month, ISO week. */
    DAILY_VOLUME_CALENDAR("daily_volume_calendar", WarehouseTable.DAILY_VOLUME, WarehouseTable.DATES),
    /** daily_currency_volume with the token's symbol and name and the coin's price that day. */
    CURRENCY_VOLUME(
            "currency_volume", WarehouseTable.DAILY_CURRENCY_VOLUME, WarehouseTable.TOKENS, WarehouseTable.COIN_DAILY),
    /** Per day, each collection's transactions and volume, ranked (from the raw layer). */
    TOP_COLLECTIONS_DAILY(
            "top_collections_daily", WarehouseTable.TRANSACTIONS, WarehouseTable.TOKENS, WarehouseTable.COIN_DAILY),
    /** Per day and project, each country's transactions and volume (from the raw layer). */
    VOLUME_BY_COUNTRY(
            "volume_by_country", WarehouseTable.TRANSACTIONS, WarehouseTable.TOKENS, WarehouseTable.COIN_DAILY);

    private final String viewName;
    @SuppressWarnings("ImmutableEnumChecker") // List.of is unmodifiable; error-prone knows only Guava's types
    private final List<WarehouseTable> tables;

    WarehouseView(String viewName, WarehouseTable... tables) {
        this.viewName = viewName;
        this.tables = List.of(tables);
    }

    /** The view's name in every warehouse, next to the model tables. */
    public String viewName() {
        return viewName;
    }

    /** The tables the view reads, each a {@code ${<table>}} placeholder of its DDL. */
    public List<WarehouseTable> tables() {
        return tables;
    }

    /** The class-path resource of the view's DDL in {@code dialect} ({@code bigquery} or {@code duckdb}). */
    public String ddlResource(String dialect) {
        return "/dev/daybook/schemas/" + dialect + "/views/" + viewName + ".sql";
    }
}
