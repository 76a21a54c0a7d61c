package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.TableId;
import java.util.regex.Pattern;

/**
 * The daily-volume table: {@code PROJECT.DATASET.TABLE}, or just {@code PROJECT} for the seed's
 * {@code sequence.sample_data}. The names go into SQL text (a table cannot be a query parameter), so
 * only characters BigQuery allows in them and that cannot end a quoted identifier are accepted.
 */
public record BigQueryTableRef(String project, String dataset, String table) {

    public static final String DEFAULT_DATASET = "sequence";
    public static final String DEFAULT_TABLE = "sample_data";

    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]*[a-z0-9]");
    private static final Pattern NAME = Pattern.compile("\\w+");

    public BigQueryTableRef {
        require(PROJECT, project, "project");
        require(NAME, dataset, "dataset");
        require(NAME, table, "table");
    }

    /** Parses {@code PROJECT.DATASET.TABLE} or {@code PROJECT}; a domain-scoped project may contain dots. */
    public static BigQueryTableRef parse(String spec) {
        String[] parts = spec.split("\\.");
        if (parts.length == 1) {
            return new BigQueryTableRef(spec, DEFAULT_DATASET, DEFAULT_TABLE);
        }
        if (parts.length == 2) {
            throw new IllegalArgumentException("expected PROJECT.DATASET.TABLE or PROJECT, was '" + spec + "'");
        }
        int table = spec.lastIndexOf('.');
        int dataset = spec.lastIndexOf('.', table - 1);
        return new BigQueryTableRef(spec.substring(0, dataset), spec.substring(dataset + 1, table), spec.substring(table + 1));
    }

    public TableId tableId() {
        return TableId.of(project, dataset, table);
    }

    public DatasetId datasetId() {
        return DatasetId.of(project, dataset);
    }

    /** A table next to this one, in the same dataset. */
    public BigQueryTableRef sibling(String name) {
        return new BigQueryTableRef(project, dataset, name);
    }

    /** The quoted name for SQL text: {@code `project.dataset.table`}. */
    public String sql() {
        return "`" + this + "`";
    }

    @Override
    public String toString() {
        return project + "." + dataset + "." + table;
    }

    private static void require(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid BigQuery " + what + " name: '" + value + "'");
        }
    }
}
