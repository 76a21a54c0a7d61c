package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.cli.options.BigQueryOptions;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.connectors.warehouse.bigquery.BigQueryWarehouse;
import dev.daybook.connectors.warehouse.bigquery.StoredDailyVolume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.List;

/** Reading the daily-volume table back from the BigQuery emulator, and what it must hold. */
final class BigQueryTables {

    private BigQueryTables() {}

    /** The table's rows as BigQuery holds them, ordered by date and project. */
    static List<StoredDailyVolume> read(String endpoint, String table) throws WarehouseException {
        WarehouseUri.BigQuery uri = (WarehouseUri.BigQuery) WarehouseUri.parse("bigquery:" + table);
        return BigQueryWarehouse.open(
                        uri, BigQueryOptions.of("--bigquery-endpoint", endpoint).settings(), new SimpleMeterRegistry())
                .readAll();
    }

    /** {@code daybook check} on the model next to {@code table} finds nothing: exit 0, no table of discrepancies. */
    static void assertCheckPasses(String endpoint, String table) {
        DaybookCli.Result checked = DaybookCli.run(check(endpoint, table));
        assertThat(checked.exitCode()).as(checked.said()).isZero();
        assertThat(checked.out()).isEmpty();
    }

    /** Arguments of {@code daybook check} on the model next to {@code table}. */
    static List<String> check(String endpoint, String table) {
        return List.of("check", "--warehouse", "bigquery:" + table, "--bigquery-endpoint", endpoint);
    }

    /** Stored rows as CSV lines, the volume as the FLOAT64 of the column. */
    static List<String> csv(List<StoredDailyVolume> rows) {
        return rows.stream()
                .map(row -> row.date() + "," + row.projectId() + "," + row.numTransactions() + ","
                        + row.totalVolumeUsd() + "," + row.unpricedTransactions())
                .toList();
    }

    /**
     * The rows of a printed table (CSV with a header, the exact decimal volume) as the warehouse must hold
     * them: counts exact, the volume the exact decimal converted to a double.
     */
    static List<String> expected(String printedTable) {
        return printedTable
                .lines()
                .skip(1)
                .map(line -> {
                    String[] fields = line.split(",", -1);
                    return fields[0] + "," + fields[1] + "," + fields[2] + "," + new BigDecimal(fields[3]).doubleValue()
                            + "," + fields[4];
                })
                .toList();
    }
}
