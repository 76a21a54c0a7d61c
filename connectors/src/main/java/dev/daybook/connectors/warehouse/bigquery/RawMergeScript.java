package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryJobConfiguration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Moves the staged transactions of some days into {@code transactions}, in one multi-statement transaction:
 * <ol>
 * <li>a temporary table {@code staged} of those days' staged rows, one per event id;</li>
 * <li>a MERGE that inserts the event ids {@code transactions} does not have yet; its ON clause names the days
 *     as literals, so BigQuery reads only those partitions, and of them only {@code event_id} and
 *     {@code date};</li>
 * <li>a DELETE of the merged event ids from staging. A row staged while the script runs stays, unless its event
 *     id was just merged (then it is a second copy).</li>
 * </ol>
 * Run again after a failure, or by two sinks at once, it inserts nothing twice: the transaction commits all
 * three or none, and two such transactions both delete from staging, so BigQuery aborts one ("concurrent
 * update", transient) and its retry finds the rows merged.
 */
final class RawMergeScript {

    /** The raw layer's columns, in the order of {@code schemas/bigquery/transactions.sql}. */
    static final List<String> COLUMNS = List.of(
            "event_id",
            "ts",
            "date",
            "event",
            "project_id",
            "chain_id",
            "currency_address",
            "currency_symbol",
            "amount_raw",
            "amount_decimal",
            "app",
            "collection_address",
            "token_id",
            "txn_hash",
            "marketplace_type",
            "request_id",
            "country",
            "device_type",
            "device_os",
            "device_os_ver",
            "device_browser",
            "device_browser_ver",
            "source_uri",
            "source_generation",
            "source_line");

    private RawMergeScript() {}

    static QueryJobConfiguration of(BigQueryTableRef transactions, BigQueryTableRef staging, List<LocalDate> days) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a merge needs at least one day");
        }
        String dayList = RawLayer.days(days);
        String columns = String.join(", ", COLUMNS);
        String values = COLUMNS.stream().map(column -> "source." + column).collect(Collectors.joining(", "));
        String sql = """
                BEGIN TRANSACTION;
                CREATE TEMP TABLE staged AS
                SELECT %s
                FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY source_uri, source_generation, source_line) AS copy
                  FROM %s
                  WHERE date IN (%s)
                )
                WHERE copy = 1;
                MERGE %s AS target
                USING staged AS source
                ON target.event_id = source.event_id AND target.date = source.date AND target.date IN (%s)
                WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s);
                DELETE FROM %s WHERE date IN (%s) AND event_id IN (SELECT event_id FROM staged);
                COMMIT TRANSACTION;
                """.formatted(
                columns, staging.sql(), dayList, transactions.sql(), dayList, columns, values, staging.sql(), dayList);
        return QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build();
    }
}
