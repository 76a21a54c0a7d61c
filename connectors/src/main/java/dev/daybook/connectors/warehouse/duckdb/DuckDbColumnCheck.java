package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the columns of an existing table with those Daybook creates (its DDL, created as a temporary table
 * beside it), and fails naming each column that is missing, unexpected, or of another type or nullability.
 */
final class DuckDbColumnCheck {

    private static final String COLUMNS = "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? AND table_catalog = ? ORDER BY ordinal_position";

    private DuckDbColumnCheck() {}

    static void check(Connection connection, Path file, WarehouseTable table) throws SQLException, WarehouseException {
        Map<String, String> expected = columns(connection, "temp", "main", DuckDbTables.expected(table));
        Map<String, String> actual = columns(connection, null, "main", table.tableName());
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            throw new WarehouseException(
                    "table " + table.tableName() + " in " + file + " does not have the columns Daybook needs: "
                            + String.join("; ", differences)
                            + ". Move the file away or drop the table, and let the sink create it",
                    false,
                    null);
        }
    }

    /** Each column that differs, as "name: TYPE in the table, TYPE needed"; empty when the columns match. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> differences = new ArrayList<>();
        expected.forEach((name, type) -> {
            String found = actual.get(name);
            if (found == null) {
                differences.add(name + ": missing, " + type + " needed");
            } else if (!found.equals(type)) {
                differences.add(name + ": " + found + " in the table, " + type + " needed");
            }
        });
        actual.keySet().stream()
                .filter(name -> !expected.containsKey(name))
                .forEach(name -> differences.add(name + ": not a column of Daybook's table"));
        if (differences.isEmpty() && !List.copyOf(expected.keySet()).equals(List.copyOf(actual.keySet()))) {
            differences.add("the columns are in the order " + actual.keySet() + ", Daybook's are " + expected.keySet());
        }
        return differences;
    }

    private static Map<String, String> columns(Connection connection, String catalog, String schema, String name)
            throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(COLUMNS)) {
            query.setString(1, schema);
            query.setString(2, name);
            query.setString(3, catalog == null ? connection.getCatalog() : catalog);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String nullable = "YES".equals(rows.getString(3)) ? "" : " NOT NULL";
                    columns.put(rows.getString(1), rows.getString(2) + nullable);
                }
            }
        }
        return columns;
    }
}
