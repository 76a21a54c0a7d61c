package dev.daybook.connectors.warehouse.bigquery;

import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.List;
import java.util.Map;

/**
 * Appends rows to a table, at least once: what the Storage Write API's default stream promises. A failed
 * append may have landed in part or whole, so a caller that retries must tolerate the rows twice (the raw
 * layer's staging table does: its merge keeps one row per event id).
 *
 * <p>An interface of Daybook's own so that tests can give the warehouse the failures goccy/bigquery-emulator
 * cannot produce (a row BigQuery refuses, a stream that is unavailable); {@link WriteApiAppender} is the real
 * one.
 */
interface RowAppender extends AutoCloseable {

    /**
     * Appends {@code rows}, each a map from column name to a value the Write API's JSON writer takes (String,
     * Long, Boolean; a DATE as {@code yyyy-MM-dd}, a TIMESTAMP as epoch microseconds); an absent or null value
     * is NULL. Throws a transient {@link WarehouseException} when trying again may pass, a refusal of rows
     * ({@link WarehouseException#rowsRefused()}) when BigQuery refused some of them, otherwise a permanent one.
     */
    void append(BigQueryTableRef table, List<Map<String, Object>> rows) throws WarehouseException;

    @Override
    void close();
}
