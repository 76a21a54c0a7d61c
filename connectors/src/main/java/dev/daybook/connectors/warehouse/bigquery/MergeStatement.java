package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One MERGE of up to {@link #MAX_ROWS} daily-volume rows into the table, keyed by (date, project_id)
 * and guarded by version, as a two-statement query: the rows into a temporary table, then the MERGE
 * from it.
 *
 * <p>Why this shape, which is right for BigQuery and runs on goccy/bigquery-emulator too:
 * <ul>
 * <li>The rows travel as named scalar parameters, six per row, one {@code SELECT} per row joined by
 *     {@code UNION ALL}: values stay out of the SQL text (no quoting of project ids), and
 *     {@link #MAX_ROWS} rows stay under BigQuery's 10,000 parameters, a request well under 1 MB and a
 *     text far under its 1,024K characters. An {@code UNNEST(@rows)} of one ARRAY&lt;STRUCT&gt;
 *     parameter would be shorter, but the emulator can neither MERGE from an UNNEST of structs
 *     (goccy/bigquery-emulator#128) nor reliably take array parameters (#509).</li>
 * <li>The MERGE reads its source from a temporary table because the emulator only MERGEs from a table,
 *     not from a subquery. On BigQuery the temporary table belongs to this one query (no name clash
 *     between sinks, nothing left behind, no permission on a dataset needed) and costs nothing to fill
 *     from parameters; the MERGE stays the single statement that touches the table, so it is atomic
 *     and counts once against the table's DML queue.</li>
 * <li>The ON clause limits the target to the rows' dates, so BigQuery reads only those days'
 *     partitions, not the whole table. The dates are written as literals: they are constants for
 *     partition pruning beyond doubt, they cannot carry anything but digits and dashes, and the
 *     emulator ignores parameters inside a MERGE's ON clause. A source row's date is always in that
 *     list, so the limit never hides a matching row.</li>
 * <li>{@code CAST(@date_i AS DATE)} is a no-op on BigQuery; the emulator types a DATE parameter read
 *     through a subquery as STRING without it.</li>
 * </ul>
 */
final class MergeStatement {

    static final int MAX_ROWS = 1000;

    private static final int UNION_GROUP = 100;

    private static final List<String> SOURCE_COLUMNS =
            List.of("date", "project_id", "num_transactions", "total_volume_usd", "unpriced_transactions", "version");

    private MergeStatement() {}

    /** @param rows at most {@link #MAX_ROWS}, each key once */
    static QueryJobConfiguration of(BigQueryTableRef table, List<DailyVolume> rows) {
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a MERGE takes 1 to " + MAX_ROWS + " rows, not " + rows.size());
        }
        Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            DailyVolume row = rows.get(i);
            parameters.put("date_" + i, QueryParameterValue.date(row.date().toString()));
            parameters.put("project_id_" + i, QueryParameterValue.string(row.projectId()));
            parameters.put("num_transactions_" + i, QueryParameterValue.int64(row.numTransactions()));
            parameters.put("total_volume_usd_" + i, QueryParameterValue.float64(toFloat64(row.totalVolumeUsd())));
            parameters.put("unpriced_transactions_" + i, QueryParameterValue.int64(row.unpricedTransactions()));
            parameters.put("version_" + i, QueryParameterValue.int64(row.version()));
            selects.add(select(i));
        }
        String days = rows.stream()
                .map(DailyVolume::date)
                .distinct()
                .sorted()
                .map(day -> "DATE '" + day + "'")
                .collect(Collectors.joining(", "));
        String sql = """
                CREATE TEMP TABLE batch AS
                %s;
                MERGE %s AS target
                USING batch AS source
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
                          source.unpriced_transactions, CURRENT_TIMESTAMP(), source.version);
                """.formatted(unionAll(selects), table.sql(), days);
        return QueryJobConfiguration.newBuilder(sql)
                .setUseLegacySql(false)
                .setNamedParameters(parameters)
                .build();
    }

    /**
     * The rows' SELECTs joined by UNION ALL, in groups of at most {@link #UNION_GROUP} nested as
     * subqueries. BigQuery reads the nesting as the same union; the emulator runs it on SQLite, which
     * refuses more than 500 terms in one compound SELECT and grows very slow long before (200 rows in
     * one compound took a third of a second, 400 over a minute; in groups of 100, 1,000 rows take two
     * seconds).
     */
    private static String unionAll(List<String> selects) {
        if (selects.size() <= UNION_GROUP) {
            return String.join("\nUNION ALL ", selects);
        }
        List<String> groups = new ArrayList<>();
        for (int from = 0; from < selects.size(); from += UNION_GROUP) {
            groups.add("SELECT * FROM (\n"
                    + String.join("\nUNION ALL ", selects.subList(from, Math.min(selects.size(), from + UNION_GROUP)))
                    + ")");
        }
        return String.join("\nUNION ALL ", groups);
    }

    /** Row {@code i} of the source; the first names the columns. */
    private static String select(int i) {
        return SOURCE_COLUMNS.stream()
                .map(column -> {
                    String value = "@" + column + "_" + i;
                    String typed = column.equals("date") ? "CAST(" + value + " AS DATE)" : value;
                    return i == 0 ? typed + " AS " + column : typed;
                })
                .collect(Collectors.joining(", ", "SELECT ", ""));
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
