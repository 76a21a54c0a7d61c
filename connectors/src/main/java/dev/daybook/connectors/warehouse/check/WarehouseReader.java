package dev.daybook.connectors.warehouse.check;

import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.List;

/** Reads a warehouse's model tables for {@link WarehouseCheck}; one implementation per warehouse. */
public interface WarehouseReader extends AutoCloseable {

    /** The warehouse, for messages, e.g. {@code duckdb:/data/daybook.duckdb}. */
    String name();

    /** How SQL text names the model table {@code table} ({@code daily_volume} is the table the sink writes). */
    String sqlName(String table);

    /** Of {@code tables} (model table names), those the warehouse does not have. */
    List<String> missing(List<String> tables) throws WarehouseException;

    /**
     * Runs a check's query, whose columns are {@code date, project_id, detail, expected, actual}.
     *
     * @return a discrepancy of {@code check} per row
     */
    List<Discrepancy> discrepancies(String check, String sql) throws WarehouseException;

    @Override
    void close();
}
