package dev.daybook.app.cli;

import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/** A DuckDB warehouse file's table as CSV lines without header, the volume as the double its column holds. */
final class DuckDbTable {

    private DuckDbTable() {}

    /** The rows of the warehouse file, sorted as the warehouse reads them (by date, then project). */
    static List<String> read(Path file) throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();
            return warehouse.read().stream()
                    .map(row -> row.date() + "," + row.projectId() + "," + row.numTransactions() + ","
                            + row.totalVolumeUsd().doubleValue() + "," + row.unpricedTransactions())
                    .toList();
        }
    }

    /** What {@link #read} gives for a warehouse holding exactly the table {@code csv} (with its header line). */
    static List<String> asStored(String csv) {
        return csv.lines()
                .skip(1)
                .map(line -> {
                    String[] fields = line.split(",", -1);
                    return fields[0] + "," + fields[1] + "," + fields[2] + "," + new BigDecimal(fields[3]).doubleValue()
                            + "," + fields[4];
                })
                .toList();
    }
}
