package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.TableId;
import dev.daybook.connectors.warehouse.WarehouseUri;
import java.util.regex.Pattern;

/**
 * The daily-volume table, or a view next to it. The names go into SQL text (a table cannot be a query
 * parameter), so only characters BigQuery allows in them and that cannot end a quoted identifier are
 * accepted.
 */
public record BigQueryTableRef(String project, String dataset, String table) {

    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]*[a-z0-9]");
    private static final Pattern NAME = Pattern.compile("\\w+");

    public BigQueryTableRef {
        require(PROJECT, project, "project");
        require(NAME, dataset, "dataset");
        require(NAME, table, "table");
    }

    /** The table {@code --warehouse bigquery:...} names. */
    public static BigQueryTableRef of(WarehouseUri.BigQuery uri) {
        return new BigQueryTableRef(uri.project(), uri.dataset(), uri.table());
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
