package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * One MERGE of up to {@link #MAX_ROWS} daily-volume rows into the table, keyed by (date, project_id)
 * and guarded by version.
 *
 * <p>The rows come in as named scalar parameters, one {@code SELECT} per row joined by
 * {@code UNION ALL}. On real BigQuery an {@code UNNEST(@rows)} of an ARRAY&lt;STRUCT&gt; parameter would
 * be shorter, but the emulator can neither MERGE from an UNNEST of structs (goccy/bigquery-emulator#128)
 * nor reliably take array parameters (#509). Scalar parameters are just as correct on BigQuery, keep
 * values out of the SQL text (no quoting of project ids), and stay well inside its limits: six per row,
 * so {@link #MAX_ROWS} rows stay under the 10,000 parameters and the request under 1 MB, and the text
 * under the 1,024K characters of a query.
 *
 * <p>The ON clause also limits the target to the dates of the rows. These are constants (parameters),
 * so BigQuery reads only those days' partitions, not the whole table; without it a MERGE scans every
 * partition. A source row's date is always in that list, so the limit never hides a matching row.
 */
final class MergeStatement {

    static final int MAX_ROWS = 1000;

    private static final List<String> SOURCE_COLUMNS =
            List.of("date", "project_id", "num_transactions", "total_volume_usd", "unpriced_transactions", "version");

    private MergeStatement() {
    }

    /** @param rows at most {@link #MAX_ROWS}, each key once */
    static QueryJobConfiguration of(BigQueryTableRef table, List<DailyVolume> rows) {
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a MERGE takes 1 to " + MAX_ROWS + " rows, not " + rows.size());
        }
        QueryJobConfiguration.Builder query = QueryJobConfiguration.newBuilder("").setUseLegacySql(false);
        StringJoiner source = new StringJoiner("\n  UNION ALL ");
        Map<LocalDate, String> dayParameters = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            DailyVolume row = rows.get(i);
            query.addNamedParameter("date_" + i, QueryParameterValue.date(row.date().toString()));
            query.addNamedParameter("project_id_" + i, QueryParameterValue.string(row.projectId()));
            query.addNamedParameter("num_transactions_" + i, QueryParameterValue.int64(row.numTransactions()));
            query.addNamedParameter("total_volume_usd_" + i, QueryParameterValue.float64(toFloat64(row.totalVolumeUsd())));
            query.addNamedParameter("unpriced_transactions_" + i, QueryParameterValue.int64(row.unpricedTransactions()));
            query.addNamedParameter("version_" + i, QueryParameterValue.int64(row.version()));
            int index = i;
            source.add(SOURCE_COLUMNS.stream()
                    .map(column -> "@" + column + "_" + index + (index == 0 ? " AS " + column : ""))
                    .collect(Collectors.joining(", ", "SELECT ", "")));
            dayParameters.putIfAbsent(row.date(), "@date_" + i);
        }
        return query.setQuery("""
                MERGE %s AS target
                USING (
                  %s
                ) AS source
                ON target.date = source.date AND target.project_id = source.project_id
                  AND target.date IN (%s)
                WHEN MATCHED AND source.version > target.version THEN UPDATE SET
                  num_transactions = source.num_transactions,
                  total_volume_usd = source.total_volume_usd,
                  unpriced_transactions = source.unpriced_transactions,
                  updated_at = CURRENT_TIMESTAMP(),
                  version = source.version
                WHEN NOT MATCHED THEN INSERT
                  (date, project_id, num_transactions, total_volume_usd, unpriced_transactions, updated_at, version)
                  VALUES (source.date, source.project_id, source.num_transactions, source.total_volume_usd,
                          source.unpriced_transactions, CURRENT_TIMESTAMP(), source.version)
                """.formatted(table.sql(), source, String.join(", ", dayParameters.values())))
                .build();
    }

    /**
     * The exact volume becomes a FLOAT64 here, at the column, and nowhere before: the nearest double
     * (IEEE 754 round-half-even, 15 to 17 significant digits), which the client sends as a decimal
     * that reads back as this very double, so BigQuery stores it unchanged.
     */
    static double toFloat64(BigDecimal exact) {
        return exact.doubleValue();
    }
}
