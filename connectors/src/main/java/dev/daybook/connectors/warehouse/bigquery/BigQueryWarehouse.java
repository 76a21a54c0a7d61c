package dev.daybook.connectors.warehouse.bigquery;

import static dev.daybook.connectors.warehouse.bigquery.BigQueryCalls.call;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TimePartitioning;
import dev.daybook.connectors.warehouse.NewestPerKey;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.DailyVolume;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily-volume table in BigQuery. {@link #prepare()} creates the dataset, the table (partitioned by
 * day on {@code date}, clustered by {@code project_id}) and its views from {@code schemas/bigquery} and
 * refuses a table of another schema; {@link #upsert(List)} writes a batch with one MERGE per
 * {@code rowsPerStatement} rows, guarded by version (see {@link MergeStatement}).
 *
 * <p>It does not retry: a failure is classified (see {@link BigQueryErrors}) and thrown as a transient or
 * permanent {@link WarehouseException}, and the sink retries the whole batch in one place
 * ({@link dev.daybook.connectors.warehouse.RetryingWarehouse}). Running a MERGE again is always safe, even
 * when a failed attempt had in fact been applied, or a batch of several statements failed half-way: the
 * version guard makes a replay change nothing. For the same reason several sinks may write the same table
 * at once: a MERGE that loses to a concurrent one is transient.
 */
public final class BigQueryWarehouse implements Warehouse {

    /** The views of {@code schemas/bigquery}, each created as {@code <table>_<name>}. */
    static final List<String> VIEWS = List.of("marketplace_daily", "project_running_total");

    private static final Logger log = LoggerFactory.getLogger(BigQueryWarehouse.class);
    private static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    private static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    private final BigQuery bigquery;
    private final BigQueryTableRef table;
    private final String location;
    private final int rowsPerStatement;

    /**
     * @param location         where a missing dataset is created, e.g. {@code US}
     * @param rowsPerStatement most rows one MERGE carries, 1 to {@link MergeStatement#MAX_ROWS}
     */
    public BigQueryWarehouse(BigQuery bigquery, BigQueryTableRef table, String location, int rowsPerStatement) {
        if (rowsPerStatement < 1 || rowsPerStatement > MergeStatement.MAX_ROWS) {
            throw new IllegalArgumentException(
                    "rows per statement must be 1 to " + MergeStatement.MAX_ROWS + ", was " + rowsPerStatement);
        }
        this.bigquery = bigquery;
        this.table = table;
        this.location = location;
        this.rowsPerStatement = rowsPerStatement;
    }

    /** The warehouse for {@code --warehouse bigquery:...} with the given options; call {@link #prepare()} next. */
    public static BigQueryWarehouse open(WarehouseUri.BigQuery uri, BigQuerySettings options) {
        BigQueryTableRef table = BigQueryTableRef.of(uri);
        log.info("Daily volume goes to {} ({})", table, options);
        return new BigQueryWarehouse(
                options.client(table.project()), table, options.location(), options.rowsPerStatement());
    }

    @Override
    public void prepare() throws WarehouseException {
        ensureDataset();
        Table existing = call("looking up table " + table, () -> bigquery.getTable(table.tableId()));
        if (existing == null) {
            log.info("Creating table {}", table);
            call("creating table " + table, () -> bigquery.query(ddl(Ddl.table(table))));
            existing = call("looking up table " + table, () -> bigquery.getTable(table.tableId()));
        }
        checkSchema(existing);
        for (String view : VIEWS) {
            BigQueryTableRef name = Ddl.viewOf(view, table);
            if (call("looking up view " + name, () -> bigquery.getTable(name.tableId())) == null) {
                log.info("Creating view {}", name);
                call("creating view " + name, () -> bigquery.query(ddl(Ddl.view(view, table))));
            }
        }
    }

    @Override
    public void upsert(List<DailyVolume> batch) throws WarehouseException {
        // one row per key: a MERGE fails when two source rows match one target row
        List<DailyVolume> rows = NewestPerKey.of(batch);
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            List<DailyVolume> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
            refuseDatesOutOfRange(chunk);
            QueryJobConfiguration merge = MergeStatement.of(table, chunk);
            call(
                    "MERGE of " + chunk.size() + " rows into " + table,
                    () -> bigquery.query(merge),
                    BigQueryErrors::toMergeException);
        }
        log.debug("Upserted {} rows into {}", rows.size(), table);
    }

    /**
     * BigQuery's DATE holds 0001-01-01 to 9999-12-31; the client library refuses other dates with an unchecked
     * exception before anything is sent, which would stop the sink instead of refusing the rows.
     */
    private void refuseDatesOutOfRange(List<DailyVolume> chunk) throws WarehouseException {
        List<String> outOfRange = chunk.stream()
                .map(DailyVolume::date)
                .filter(date -> date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE))
                .map(LocalDate::toString)
                .distinct()
                .toList();
        if (!outOfRange.isEmpty()) {
            throw WarehouseException.rowsRefused(
                    "MERGE of " + chunk.size() + " rows into " + table + " refused: BigQuery's DATE" + " holds "
                            + MIN_DATE + " to " + MAX_DATE + ", not " + String.join(", ", outOfRange),
                    null);
        }
    }

    /** Deletes every row (one DML statement; the table, its partitioning and its views stay). */
    @Override
    public void clear() throws WarehouseException {
        QueryJobConfiguration delete = QueryJobConfiguration.newBuilder("DELETE FROM " + table.sql() + " WHERE TRUE")
                .setUseLegacySql(false)
                .build();
        call("deleting the rows of " + table, () -> bigquery.query(delete));
        log.info("Cleared {}", table);
    }

    /** The whole table, ordered by date and project: for tests and checks, not for large tables. */
    public List<StoredDailyVolume> readAll() throws WarehouseException {
        QueryJobConfiguration select = QueryJobConfiguration.newBuilder(
                        "SELECT date, project_id, num_transactions, total_volume_usd, unpriced_transactions, updated_at, version"
                                + " FROM " + table.sql() + " ORDER BY date, project_id")
                .setUseLegacySql(false)
                .build();
        List<StoredDailyVolume> rows = new ArrayList<>();
        for (FieldValueList row :
                call("reading " + table, () -> bigquery.query(select)).iterateAll()) {
            rows.add(new StoredDailyVolume(
                    LocalDate.parse(row.get("date").getStringValue()),
                    row.get("project_id").getStringValue(),
                    row.get("num_transactions").getLongValue(),
                    row.get("total_volume_usd").getDoubleValue(),
                    row.get("unpriced_transactions").getLongValue(),
                    row.get("updated_at").getTimestampInstant(),
                    row.get("version").getLongValue()));
        }
        return rows;
    }

    @Override
    public void close() {
        // The client holds no connection of its own between requests.
    }

    private void ensureDataset() throws WarehouseException {
        Dataset dataset = call(
                "looking up or creating dataset " + table.project() + "." + table.dataset(), this::datasetOrCreate);
        if (dataset != null
                && dataset.getLocation() != null
                && !dataset.getLocation().equalsIgnoreCase(location)) {
            throw new WarehouseException(
                    "dataset " + table.project() + "." + table.dataset() + " is in "
                            + dataset.getLocation() + ", but the BigQuery location is " + location
                            + ": set --bigquery-location " + dataset.getLocation(),
                    false,
                    null);
        }
    }

    /**
     * The dataset, created if missing. Another sink starting at the same time may create it first (409);
     * and when a retried create finds that its failed attempt did create it, the lookup comes first.
     */
    private Dataset datasetOrCreate() {
        Dataset dataset = bigquery.getDataset(table.datasetId());
        if (dataset != null) {
            return dataset;
        }
        log.info("Creating dataset {}.{} in {}", table.project(), table.dataset(), location);
        try {
            return bigquery.create(DatasetInfo.newBuilder(table.datasetId())
                    .setLocation(location)
                    .build());
        } catch (BigQueryException e) {
            if (e.getCode() == 409) {
                return bigquery.getDataset(table.datasetId());
            }
            throw e;
        }
    }

    private void checkSchema(Table existing) throws WarehouseException {
        TableDefinition definition = existing.getDefinition();
        List<String> differences = TableSchemaCheck.differences(definition.getSchema());
        if (!differences.isEmpty()) {
            throw new WarehouseException(
                    "table " + table + " exists with a schema other than schemas/bigquery/daily_volume.sql: "
                            + String.join("; ", differences)
                            + ". Migrate or drop it, or point --warehouse at another table.",
                    false,
                    null);
        }
        if (definition instanceof StandardTableDefinition standard && !isPartitionedAndClustered(standard)) {
            log.warn(
                    "Table {} is not (or is not reported as) partitioned by day on date and clustered by project_id:"
                            + " on BigQuery every MERGE then scans, and bills, the whole table",
                    table);
        }
    }

    private static boolean isPartitionedAndClustered(StandardTableDefinition definition) {
        TimePartitioning partitioning = definition.getTimePartitioning();
        Clustering clustering = definition.getClustering();
        return partitioning != null
                && "date".equals(partitioning.getField())
                && partitioning.getType() == TimePartitioning.Type.DAY
                && clustering != null
                && List.of("project_id").equals(clustering.getFields());
    }

    private static QueryJobConfiguration ddl(String sql) {
        return QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build();
    }
}
