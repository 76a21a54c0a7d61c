package dev.daybook.connectors.warehouse.bigquery;

import static dev.daybook.connectors.warehouse.bigquery.BigQueryCalls.call;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.connectors.warehouse.NewestPerKey;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import dev.daybook.schemas.warehouse.WarehouseViews;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse model in BigQuery: every table of {@link WarehouseTable} in one dataset, the daily-volume table
 * under the name {@code --warehouse} gives, the others under their own names next to it. {@link #prepare()}
 * creates the dataset, the tables (from {@code schemas/bigquery}, partitioned and clustered as the DDL says),
 * the raw layer's staging table and the views (the daily-volume table's own, and the analysts' of
 * {@code schemas/bigquery/views}), and refuses a table of other columns.
 *
 * <p>The tables whose rows change are written with one MERGE per {@code rowsPerStatement} rows (see
 * {@link MergeStatement} and {@link TableShapes}): daily_volume and daily_currency_volume guarded by version,
 * coin_daily and tokens replaced when a value differs, dates inserted once. The raw layer is appended through
 * the Storage Write API and merged by event id on a coarse cadence ({@link RawLayer}).
 *
 * <p>It does not retry: a failure is classified (see {@link BigQueryErrors} and {@link AppendErrors}) and thrown
 * as a transient or permanent {@link WarehouseException}, and the sink retries the whole batch in one place
 * ({@link dev.daybook.connectors.warehouse.RetryingWarehouse}). Writing a batch again is always safe, even
 * when a failed attempt had in fact been applied, or a batch of several statements failed half-way: every
 * write is idempotent. For the same reason several sinks may write the same tables at once: a MERGE that loses
 * to a concurrent one is transient.
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
    private final Optional<RowAppender> appender;
    private final Optional<RawLayer> raw;
    private final JobBilling jobs;

    /**
     * @param table            the daily-volume table; the other tables go next to it
     * @param location         where a missing dataset is created, e.g. {@code US}
     * @param rowsPerStatement most rows one MERGE carries, 1 to {@link MergeStatement#MAX_ROWS}
     * @param appender         the Storage Write API client for the raw layer; empty when there is none (an
     *                         emulator without a Write API endpoint): then {@link #prepare()} refuses
     * @param rawMergeInterval how often the raw layer's staged rows are merged into {@code transactions}
     * @param meters           where each query job's bytes billed is recorded ({@link JobBilling})
     */
    BigQueryWarehouse(
            BigQuery bigquery,
            BigQueryTableRef table,
            String location,
            int rowsPerStatement,
            Optional<RowAppender> appender,
            Duration rawMergeInterval,
            Clock clock,
            MeterRegistry meters) {
        if (rowsPerStatement < 1 || rowsPerStatement > MergeStatement.MAX_ROWS) {
            throw new IllegalArgumentException(
                    "rows per statement must be 1 to " + MergeStatement.MAX_ROWS + ", was " + rowsPerStatement);
        }
        this.bigquery = bigquery;
        this.table = table;
        this.location = location;
        this.rowsPerStatement = rowsPerStatement;
        this.appender = appender;
        this.jobs = new JobBilling(bigquery, meters);
        this.raw = appender.map(rows -> new RawLayer(
                jobs, rows, table.sibling(WarehouseTable.TRANSACTIONS.tableName()), rawMergeInterval, clock));
    }

    /** The warehouse for {@code --warehouse bigquery:...} with the given options; call {@link #prepare()} next. */
    public static BigQueryWarehouse open(WarehouseUri.BigQuery uri, BigQuerySettings options, MeterRegistry meters) {
        BigQueryTableRef table = BigQueryTableRef.of(uri);
        log.info(
                "The warehouse model goes to {}.{}, daily volume to {} ({})",
                table.project(),
                table.dataset(),
                table,
                options);
        return new BigQueryWarehouse(
                options.client(table.project()),
                table,
                options.location(),
                options.rowsPerStatement(),
                options.appender(),
                options.rawMergeInterval(),
                Clock.systemUTC(),
                meters);
    }

    @Override
    public Set<WarehouseTable> tables() {
        return EnumSet.allOf(WarehouseTable.class);
    }

    @Override
    public void prepare() throws WarehouseException {
        raw();
        ensureDataset();
        TableSetup setup = new TableSetup(bigquery, jobs);
        for (WarehouseTable model : WarehouseTable.values()) {
            setup.ensure(ref(model), model.tableName());
        }
        setup.ensure(RawLayer.stagingOf(ref(WarehouseTable.TRANSACTIONS)), "transactions_staging");
        for (String view : VIEWS) {
            createViewIfMissing(Ddl.viewOf(view, table), Ddl.view(view, table));
        }
        Map<WarehouseTable, String> names = new EnumMap<>(WarehouseTable.class);
        tables().forEach(model -> names.put(model, ref(model).sql()));
        for (Map.Entry<String, String> view : WarehouseViews.of("bigquery").entrySet()) {
            BigQueryTableRef name = table.sibling(view.getKey());
            createViewIfMissing(name, WarehouseViews.fill(view.getValue(), name.sql(), names));
        }
    }

    /** Existing views are left as they are (the emulator cannot run CREATE VIEW IF NOT EXISTS on one). */
    private void createViewIfMissing(BigQueryTableRef name, String sql) throws WarehouseException {
        if (call("looking up view " + name, () -> bigquery.getTable(name.tableId())) == null) {
            log.info("Creating view {}", name);
            call("creating view " + name, () -> jobs.query("ddl", ddl(sql)));
        }
    }

    @Override
    public void upsert(List<DailyVolume> batch) throws WarehouseException {
        // one row per key: a MERGE fails when two source rows match one target row
        merge(table, TableShapes.DAILY_VOLUME, NewestPerKey.of(batch));
    }

    @Override
    public void insertTransactions(List<Transaction> batch) throws WarehouseException {
        refuseDatesOutOfRange(
                "appending " + batch.size() + " rows to " + ref(WarehouseTable.TRANSACTIONS),
                batch.stream().map(Transaction::day));
        raw().write(batch);
    }

    @Override
    public void upsertDailyCurrencyVolume(List<DailyCurrencyVolume> batch) throws WarehouseException {
        merge(ref(WarehouseTable.DAILY_CURRENCY_VOLUME), TableShapes.DAILY_CURRENCY_VOLUME, batch);
    }

    @Override
    public void upsertCoinDaily(List<CoinDaily> batch) throws WarehouseException {
        merge(ref(WarehouseTable.COIN_DAILY), TableShapes.COIN_DAILY, batch);
    }

    @Override
    public void upsertTokens(List<TokenRow> batch) throws WarehouseException {
        merge(ref(WarehouseTable.TOKENS), TableShapes.TOKENS, batch);
    }

    @Override
    public void insertDates(List<DateRow> batch) throws WarehouseException {
        merge(ref(WarehouseTable.DATES), TableShapes.DATES, batch);
    }

    /** Moves what the raw layer has staged into {@code transactions} now, whatever the cadence. */
    public void mergeStagedTransactions() throws WarehouseException {
        raw().merge();
    }

    private RawLayer raw() throws WarehouseException {
        return raw.orElseThrow(() -> new WarehouseException(
                "the BigQuery endpoint is an emulator's (--bigquery-endpoint), and the raw layer is written through"
                        + " the Storage Write API: give the emulator's gRPC endpoint too (--bigquery-write-endpoint"
                        + " HOST:PORT)",
                false,
                null));
    }

    /**
     * One MERGE per {@code rowsPerStatement} rows. A key twice in the batch keeps its last row: a MERGE fails when
     * two source rows match one target row, and the sink hands rows in topic order.
     */
    private <R> void merge(BigQueryTableRef target, MergeShape<R> shape, List<R> batch) throws WarehouseException {
        if (shape.day().isPresent()) {
            refuseDatesOutOfRange(
                    "MERGE of " + batch.size() + " rows into " + target,
                    batch.stream().map(shape.day().get()));
        }
        Map<List<QueryParameterValue>, R> lastPerKey = new LinkedHashMap<>();
        for (R row : batch) {
            lastPerKey.put(
                    shape.keyColumns().stream()
                            .map(key -> key.value().apply(row))
                            .toList(),
                    row);
        }
        List<R> rows = List.copyOf(lastPerKey.values());
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            List<R> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
            String what = "MERGE of " + chunk.size() + " rows into " + target;
            QueryJobConfiguration merge = MergeStatement.of(target, shape, chunk);
            call(what, () -> jobs.query("merge", merge), BigQueryErrors::toMergeException);
        }
        log.debug("Upserted {} rows into {}", rows.size(), target);
    }

    /**
     * BigQuery's DATE holds 0001-01-01 to 9999-12-31; the client library refuses other dates with an unchecked
     * exception before anything is sent, which would stop the sink instead of refusing the rows.
     */
    private static void refuseDatesOutOfRange(String what, Stream<LocalDate> dates) throws WarehouseException {
        List<String> outOfRange = dates.filter(date -> date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE))
                .map(LocalDate::toString)
                .distinct()
                .toList();
        if (!outOfRange.isEmpty()) {
            throw WarehouseException.rowsRefused(
                    what + " refused: BigQuery's DATE holds " + MIN_DATE + " to " + MAX_DATE + ", not "
                            + String.join(", ", outOfRange),
                    null);
        }
    }

    /** A table of the model: daily_volume is the one {@code --warehouse} names, the others are next to it. */
    private BigQueryTableRef ref(WarehouseTable model) {
        return model == WarehouseTable.DAILY_VOLUME ? table : table.sibling(model.tableName());
    }

    /**
     * Deletes every row of daily_volume and daily_currency_volume (one DML statement each; the tables, their
     * partitioning and the views stay).
     */
    @Override
    public void clear() throws WarehouseException {
        for (BigQueryTableRef computed : List.of(table, ref(WarehouseTable.DAILY_CURRENCY_VOLUME))) {
            QueryJobConfiguration delete = ddl("DELETE FROM " + computed.sql() + " WHERE TRUE");
            call("deleting the rows of " + computed, () -> jobs.query("delete", delete));
            log.info("Cleared {}", computed);
        }
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
                call("reading " + table, () -> jobs.query("select", select)).iterateAll()) {
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

    /**
     * Merges what the raw layer has staged since its last merge, so that a run that ends leaves {@code transactions}
     * complete (a failure is logged: the rows stay staged, and the next start merges them), and closes the Storage
     * Write API client.
     */
    @Override
    public void close() {
        try {
            if (raw.isPresent()) {
                raw.get().mergeIfStaged();
            }
        } catch (WarehouseException e) {
            log.warn("The staged transactions stay in staging until the next merge: {}", e.getMessage());
        }
        appender.ifPresent(RowAppender::close);
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

    private static QueryJobConfiguration ddl(String sql) {
        return QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build();
    }
}
