package dev.daybook.connectors.warehouse.bigquery;

import static dev.daybook.connectors.warehouse.bigquery.BigQueryCalls.call;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TimePartitioning;
import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a table of {@code schemas/bigquery} when it is missing and checks one that exists: other columns stop
 * the sink with a message naming each column that differs; another partitioning or clustering than the DDL's is
 * accepted with a warning (the emulator reports neither, and the writes stay correct, only dearer).
 */
final class TableSetup {

    private static final Logger log = LoggerFactory.getLogger(TableSetup.class);
    private static final Pattern PARTITION = Pattern.compile("(?m)^PARTITION BY (\\w+)\\s*$");
    private static final Pattern CLUSTER = Pattern.compile("(?m)^CLUSTER BY ([\\w, ]+?)\\s*$");

    private final BigQuery bigquery;
    private final JobBilling jobs;

    TableSetup(BigQuery bigquery, JobBilling jobs) {
        this.bigquery = bigquery;
        this.jobs = jobs;
    }

    /** @param file the DDL's name in {@code schemas/bigquery}, without {@code .sql} */
    void ensure(BigQueryTableRef table, String file) throws WarehouseException {
        String ddl = Ddl.table(file, table);
        Table existing = call("looking up table " + table, () -> bigquery.getTable(table.tableId()));
        if (existing == null) {
            log.info("Creating table {}", table);
            QueryJobConfiguration create =
                    QueryJobConfiguration.newBuilder(ddl).setUseLegacySql(false).build();
            call("creating table " + table, () -> jobs.query("ddl", create));
            existing = call("looking up table " + table, () -> bigquery.getTable(table.tableId()));
        }
        TableDefinition definition = existing.getDefinition();
        List<String> differences = TableSchemaCheck.differences(definition.getSchema(), TableSchemaCheck.expected(ddl));
        if (!differences.isEmpty()) {
            throw new WarehouseException(
                    "table " + table + " exists with a schema other than schemas/bigquery/" + file + ".sql: "
                            + String.join("; ", differences)
                            + ". Migrate or drop it, or point --warehouse at another dataset.",
                    false,
                    null);
        }
        Optional<String> partition = first(PARTITION, ddl);
        List<String> clustering = first(CLUSTER, ddl)
                .map(columns ->
                        Arrays.stream(columns.split(",")).map(String::strip).toList())
                .orElse(List.of());
        if (partition.isPresent()
                && definition instanceof StandardTableDefinition standard
                && !isLaidOut(standard, partition.get(), clustering)) {
            log.warn(
                    "Table {} is not (or is not reported as) partitioned by day on {} and clustered by {}:"
                            + " on BigQuery every write then scans, and bills, the whole table",
                    table,
                    partition.get(),
                    clustering);
        }
    }

    private static boolean isLaidOut(StandardTableDefinition definition, String partition, List<String> clustering) {
        TimePartitioning partitioning = definition.getTimePartitioning();
        Clustering actual = definition.getClustering();
        return partitioning != null
                && partition.equals(partitioning.getField())
                && partitioning.getType() == TimePartitioning.Type.DAY
                && (clustering.isEmpty() || (actual != null && clustering.equals(actual.getFields())));
    }

    private static Optional<String> first(Pattern pattern, String ddl) {
        Matcher matcher = pattern.matcher(ddl);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
