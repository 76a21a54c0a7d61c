package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One MERGE of up to {@link #MAX_ROWS} rows into a table, keyed and ruled as its {@link MergeShape} says, as a
 * two-statement query: the rows into a temporary table, then the MERGE from it. Every table the sink upserts
 * ({@code daily_volume}, {@code daily_currency_volume}, {@code coin_daily}, {@code tokens}, {@code dates}) is
 * written this way; the raw layer is appended instead ({@link RawLayer}).
 *
 * <p>Why this shape, which is right for BigQuery and runs on goccy/bigquery-emulator too:
 * <ul>
 * <li>The rows travel as named scalar parameters, one per column and row, one {@code SELECT} per row joined by
 *     {@code UNION ALL}: values stay out of the SQL text (no quoting of project ids), and {@link #MAX_ROWS} rows
 *     of at most {@link #MAX_COLUMNS} columns stay under BigQuery's 10,000 parameters, a request well under
 *     1 MB and a text far under its 1,024K characters. An {@code UNNEST(@rows)} of one ARRAY&lt;STRUCT&gt;
 *     parameter would be shorter, but the emulator can neither MERGE from an UNNEST of structs
 *     (goccy/bigquery-emulator#128) nor reliably take array parameters (#509).</li>
 * <li>The MERGE reads its source from a temporary table because the emulator only MERGEs from a table,
 *     not from a subquery. On BigQuery the temporary table belongs to this one query (no name clash
 *     between sinks, nothing left behind, no permission on a dataset needed) and costs nothing to fill
 *     from parameters; the MERGE stays the single statement that touches the table, so it is atomic
 *     and counts once against the table's DML queue.</li>
 * <li>For a partitioned table the ON clause limits the target to the rows' days, so BigQuery reads only those
 *     days' partitions, not the whole table. The days are written as literals: they are constants for
 *     partition pruning beyond doubt, they cannot carry anything but digits and dashes, and the
 *     emulator ignores parameters inside a MERGE's ON clause. A source row's day is always in that
 *     list, so the limit never hides a matching row.</li>
 * <li>Each parameter is read through {@code CAST(@p AS type)}, a no-op on BigQuery; the emulator types a DATE
 *     parameter read through a subquery as STRING, and a NULL one as nothing, without it.</li>
 * </ul>
 */
final class MergeStatement {

    static final int MAX_ROWS = 1000;
    static final int MAX_COLUMNS = 10;

    private static final int UNION_GROUP = 100;

    private MergeStatement() {}

    /** The daily-volume rows, guarded by version. */
    static QueryJobConfiguration of(BigQueryTableRef table, List<DailyVolume> rows) {
        return of(table, TableShapes.DAILY_VOLUME, rows);
    }

    /** @param rows at most {@link #MAX_ROWS}, each key once */
    static <R> QueryJobConfiguration of(BigQueryTableRef table, MergeShape<R> shape, List<R> rows) {
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a MERGE takes 1 to " + MAX_ROWS + " rows, not " + rows.size());
        }
        Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            R row = rows.get(i);
            for (MergeShape.Column<R> column : shape.columns()) {
                parameters.put(column.name() + "_" + i, column.value().apply(row));
            }
            selects.add(select(shape, i));
        }
        String sql = "CREATE TEMP TABLE batch AS\n" + unionAll(selects) + ";\n"
                + "MERGE " + table.sql() + " AS target\n"
                + "USING batch AS source\n"
                + "ON " + on(shape, rows) + "\n"
                + whenMatched(shape)
                + whenNotMatched(shape);
        return QueryJobConfiguration.newBuilder(sql)
                .setUseLegacySql(false)
                .setNamedParameters(parameters)
                .build();
    }

    private static <R> String on(MergeShape<R> shape, List<R> rows) {
        String keys = shape.keyColumns().stream()
                .map(column -> "target." + column.name() + " = source." + column.name())
                .collect(Collectors.joining(" AND "));
        if (shape.day().isEmpty()) {
            return keys;
        }
        Function<R, LocalDate> day = shape.day().get();
        String days = rows.stream()
                .map(day)
                .distinct()
                .sorted()
                .map(date -> "DATE '" + date + "'")
                .collect(Collectors.joining(", "));
        return keys + "\n  AND target.date IN (" + days + ")";
    }

    private static String whenMatched(MergeShape<?> shape) {
        List<String> values =
                shape.valueColumns().stream().map(MergeShape.Column::name).toList();
        String guard = switch (shape.rule()) {
            case INSERT_ONLY -> null;
            case NEWER_VERSION -> "source.version > target.version";
            case REPLACE ->
                values.stream()
                        .map(column -> "target." + column + " IS DISTINCT FROM source." + column)
                        .collect(Collectors.joining(" OR ", "(", ")"));
        };
        if (guard == null || values.isEmpty()) {
            return "";
        }
        List<String> sets = new ArrayList<>(
                values.stream().map(column -> column + " = source." + column).toList());
        if (shape.updatedAt()) {
            sets.add("updated_at = CURRENT_TIMESTAMP()");
        }
        return "WHEN MATCHED AND " + guard + " THEN UPDATE SET\n  " + String.join(",\n  ", sets) + "\n";
    }

    private static String whenNotMatched(MergeShape<?> shape) {
        List<String> columns = new ArrayList<>(
                shape.columns().stream().map(MergeShape.Column::name).toList());
        List<String> values = new ArrayList<>(
                columns.stream().map(column -> "source." + column).toList());
        if (shape.updatedAt()) {
            columns.add("updated_at");
            values.add("CURRENT_TIMESTAMP()");
        }
        return "WHEN NOT MATCHED THEN INSERT\n  (" + String.join(", ", columns) + ")\n  VALUES ("
                + String.join(", ", values) + ");\n";
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
    private static String select(MergeShape<?> shape, int i) {
        return shape.columns().stream()
                .map(column -> {
                    String typed = "CAST(@" + column.name() + "_" + i + " AS " + column.type() + ")";
                    return i == 0 ? typed + " AS " + column.name() : typed;
                })
                .collect(Collectors.joining(", ", "SELECT ", ""));
    }

    /**
     * An exact amount becomes a FLOAT64 here, at the column, and nowhere before: the nearest double
     * (IEEE 754 round-half-even, 15 to 17 significant digits), which the client sends as a decimal
     * that reads back as this very double, so BigQuery stores it unchanged.
     */
    static double toFloat64(BigDecimal exact) {
        return exact.doubleValue();
    }
}
