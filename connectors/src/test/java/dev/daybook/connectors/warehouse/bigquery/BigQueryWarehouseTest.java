package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableInfo;
import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.retry.RetryPolicy;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.warehouse.RetryingWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.warehouse.WarehouseTable;
import dev.daybook.schemas.warehouse.WarehouseViews;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The warehouse against goccy/bigquery-emulator, read back through the client, the views and the bq CLI. */
@Tag("integration")
class BigQueryWarehouseTest {

    private static final LocalDate APRIL_15 = LocalDate.of(2024, 4, 15);
    private static final LocalDate APRIL_16 = LocalDate.of(2024, 4, 16);
    private static final LocalDate APRIL_17 = LocalDate.of(2024, 4, 17);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static BigQuery client;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = BigQueryEmulator.start();
        client = settings(MergeStatement.MAX_ROWS).client(BigQueryEmulator.PROJECT);
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void prepareCreatesTheDatasetTheTableOfTheDdlAndItsViews() throws Exception {
        BigQueryTableRef table = freshTable();

        try (BigQueryWarehouse warehouse = open(table)) {
            warehouse.prepare();
            warehouse.prepare();

            assertThat(client.getDataset(table.datasetId())).isNotNull();
            Schema schema = client.getTable(table.tableId()).getDefinition().getSchema();
            assertThat(schema.getFields())
                    .extracting(Field::getName)
                    .containsExactly(
                            "date",
                            "project_id",
                            "num_transactions",
                            "total_volume_usd",
                            "unpriced_transactions",
                            "updated_at",
                            "version");
            assertThat(TableSchemaCheck.differences(
                            schema, TableSchemaCheck.expected(Ddl.table("daily_volume", table))))
                    .isEmpty();
            assertThat(client.getTable(
                            table.sibling("daily_volume_marketplace_daily").tableId()))
                    .isNotNull();
            assertThat(client.getTable(
                            table.sibling("daily_volume_project_running_total").tableId()))
                    .isNotNull();
            assertThat(warehouse.readAll()).isEmpty();
        }
    }

    @Test
    void aRowWithADateBigQueryCannotHoldIsARefusalOfRowsAndOtherRowsStillPass() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            List<DailyVolume> batch = List.of(
                    volume(APRIL_15, "4974", 3, "12.5", 0, 2), volume(LocalDate.of(0, 1, 1), "4974", 1, "1", 0, 1));

            assertThatThrownBy(() -> warehouse.upsert(batch)).isInstanceOfSatisfying(WarehouseException.class, e -> {
                assertThat(e.rowsRefused()).as(e.getMessage()).isTrue();
                assertThat(e)
                        .hasMessage("MERGE of 2 rows into " + table + " refused: BigQuery's DATE holds 0001-01-01 to"
                                + " 9999-12-31, not 0000-01-01");
            });
            warehouse.upsert(batch.subList(0, 1));

            assertThat(warehouse.readAll()).extracting(StoredDailyVolume::date).containsExactly(APRIL_15);
        }
    }

    @Test
    void everyQueryJobsBytesBilledIsRecordedFromItsStatisticsByStatement() throws Exception {
        BigQueryTableRef table = freshTable();
        SimpleMeterRegistry billed = new SimpleMeterRegistry();
        try (BigQueryWarehouse warehouse = BigQueryWarehouse.open(
                new WarehouseUri.BigQuery(table.project(), table.dataset(), table.table()),
                settings(MergeStatement.MAX_ROWS),
                billed)) {
            warehouse.prepare();
            warehouse.readAll();
            assertThat(bytesBilled(billed, "select").totalAmount())
                    .as("an empty table scans nothing")
                    .isZero();

            warehouse.upsert(List.of(volume(APRIL_15, "4974", 3, "12.5", 0, 2)));
            warehouse.upsert(List.of(volume(APRIL_16, "4974", 2, "7.75", 0, 5)));
            warehouse.readAll();
            warehouse.clear();
        }

        // every table of the model, the raw layer's staging table, and the views
        assertThat(bytesBilled(billed, "ddl").count())
                .isEqualTo(WarehouseTable.values().length
                        + 1
                        + BigQueryWarehouse.VIEWS.size()
                        + WarehouseViews.of("bigquery").size());
        assertThat(bytesBilled(billed, "merge").count()).isEqualTo(2);
        // clear() empties daily_volume and daily_currency_volume
        assertThat(bytesBilled(billed, "delete").count()).isEqualTo(2);
        assertThat(bytesBilled(billed, "select").count()).isEqualTo(2);
        assertThat(bytesBilled(billed, "select").totalAmount())
                .as("the emulator bills a query the bytes of its result")
                .isPositive();
    }

    @Test
    void upsertedRowsAreWhatTheBqCliReadsBack() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            warehouse.upsert(List.of(
                    volume(APRIL_15, "4974", 3, "12.5", 0, 2),
                    volume(APRIL_15, "0", 1, "0.25", 1, 1),
                    volume(APRIL_16, "4974", 2, "7.75", 0, 5)));
        }

        List<String> csv = BqCli.query(
                emulator.endpoint(),
                BigQueryEmulator.PROJECT,
                "SELECT date, project_id, num_transactions, total_volume_usd, unpriced_transactions, version" + " FROM "
                        + table.sql() + " ORDER BY date, project_id");

        assertThat(csv)
                .containsExactly(
                        "date,project_id,num_transactions,total_volume_usd,unpriced_transactions,version",
                        "2024-04-15,0,1,0.25,1,1",
                        "2024-04-15,4974,3,12.5,0,2",
                        "2024-04-16,4974,2,7.75,0,5");
    }

    @Test
    void theSameBatchTwiceLeavesTheTableAsItWas() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            List<DailyVolume> batch =
                    List.of(volume(APRIL_15, "4974", 3, "12.5", 0, 2), volume(APRIL_16, "0", 1, "0.25", 1, 1));
            warehouse.upsert(batch);
            List<StoredDailyVolume> once = warehouse.readAll();

            warehouse.upsert(batch);

            assertThat(warehouse.readAll()).isEqualTo(once).hasSize(2);
        }
    }

    @Test
    void olderVersionsReplayedAfterNewerOnesChangeNothing() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            warehouse.upsert(
                    List.of(volume(APRIL_15, "4974", 5, "50.5", 0, 5), volume(APRIL_16, "4974", 6, "60", 1, 6)));
            List<StoredDailyVolume> newest = warehouse.readAll();

            warehouse.upsert(List.of(volume(APRIL_15, "4974", 4, "40", 0, 4), volume(APRIL_16, "4974", 1, "10", 1, 1)));

            assertThat(warehouse.readAll()).isEqualTo(newest);
            assertThat(newest)
                    .extracting(StoredDailyVolume::numTransactions, StoredDailyVolume::version)
                    .containsExactly(tuple(5L, 5L), tuple(6L, 6L));
        }
    }

    @Test
    void afterClearingARecomputedTableWhoseVersionsStartAgainIsAccepted() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            warehouse.upsert(
                    List.of(volume(APRIL_15, "4974", 5, "50.5", 0, 5), volume(APRIL_16, "4974", 6, "60", 1, 6)));

            warehouse.clear();
            warehouse.upsert(List.of(volume(APRIL_15, "4974", 5, "50.5", 0, 1)));

            assertThat(warehouse.readAll())
                    .extracting(StoredDailyVolume::date, StoredDailyVolume::numTransactions, StoredDailyVolume::version)
                    .containsExactly(tuple(APRIL_15, 5L, 1L));
        }
    }

    @Test
    void aBatchWithNewerVersionsUpdatesThoseRowsAndAddsNewOnes() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            warehouse.upsert(
                    List.of(volume(APRIL_15, "4974", 3, "12.5", 2, 2), volume(APRIL_16, "0", 1, "0.25", 1, 1)));
            StoredDailyVolume before = warehouse.readAll().get(0);

            warehouse.upsert(
                    List.of(volume(APRIL_15, "4974", 4, "20.125", 0, 3), volume(APRIL_17, "0", 9, "90", 0, 1)));

            List<StoredDailyVolume> after = warehouse.readAll();
            assertThat(after)
                    .extracting(
                            StoredDailyVolume::date,
                            StoredDailyVolume::projectId,
                            StoredDailyVolume::numTransactions,
                            StoredDailyVolume::totalVolumeUsd,
                            StoredDailyVolume::unpricedTransactions,
                            StoredDailyVolume::version)
                    .containsExactly(
                            tuple(APRIL_15, "4974", 4L, 20.125, 0L, 3L),
                            tuple(APRIL_16, "0", 1L, 0.25, 1L, 1L),
                            tuple(APRIL_17, "0", 9L, 90.0, 0L, 1L));
            assertThat(after.get(0).updatedAt()).isAfterOrEqualTo(before.updatedAt());
        }
    }

    @Test
    void withinABatchTheNewestVersionOfAKeyWins() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            warehouse.upsert(List.of(
                    volume(APRIL_15, "4974", 1, "1", 0, 1),
                    volume(APRIL_15, "4974", 3, "3", 0, 3),
                    volume(APRIL_15, "4974", 2, "2", 0, 2)));

            assertThat(warehouse.readAll())
                    .singleElement()
                    .satisfies(row -> assertThat(List.of(row.numTransactions(), row.version()))
                            .containsExactly(3L, 3L));
        }
    }

    @Test
    void aBatchLargerThanOneStatementIsWrittenByAsManyMerges() throws Exception {
        try (BigQueryWarehouse warehouse = open(freshTable(), 2)) {
            warehouse.prepare();
            List<DailyVolume> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(volume(APRIL_15.plusDays(i % 3), "p" + i, i, i + ".5", 0, 1));
            }

            warehouse.upsert(batch);

            assertThat(warehouse.readAll())
                    .extracting(StoredDailyVolume::projectId)
                    .containsExactly("p0", "p3", "p1", "p4", "p2");
        }
    }

    @Test
    void aBatchOverOneStatementsDefaultLandsWhole() throws Exception {
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            List<DailyVolume> batch = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                batch.add(volume(APRIL_15.plusDays(i % 30), "project-" + i, i, "1.5", 0, 1));
            }

            warehouse.upsert(batch);

            List<StoredDailyVolume> rows = warehouse.readAll();
            assertThat(rows).hasSize(1200);
            assertThat(rows.stream()
                            .mapToLong(StoredDailyVolume::numTransactions)
                            .sum())
                    .isEqualTo(1200L * 1199 / 2);
        }
    }

    @Test
    void theExactVolumeBecomesTheNearestDoubleOnlyInTheColumn() throws Exception {
        BigDecimal exact = new BigDecimal("1234567.123456789012345678901234567890123");
        try (BigQueryWarehouse warehouse = prepared(freshTable())) {
            warehouse.upsert(List.of(volume(APRIL_15, "4974", 1, exact.toPlainString(), 0, 1)));

            double stored = warehouse.readAll().get(0).totalVolumeUsd();

            assertThat(stored).isEqualTo(exact.doubleValue()).isEqualTo(1234567.1234567890);
            assertThat(new BigDecimal(stored)).isNotEqualByComparingTo(exact);
        }
    }

    @Test
    void theViewsGiveDailyMarketplaceTotalsAndEachProjectsRunningTotal() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            warehouse.upsert(List.of(
                    volume(APRIL_15, "4974", 3, "12.5", 1, 1),
                    volume(APRIL_15, "0", 1, "0.25", 0, 1),
                    volume(APRIL_16, "4974", 2, "7.75", 0, 1),
                    volume(APRIL_17, "0", 4, "1", 2, 1)));
        }

        assertThat(query("SELECT date, projects, num_transactions, total_volume_usd, unpriced_transactions FROM "
                        + table.sibling("daily_volume_marketplace_daily").sql() + " ORDER BY date"))
                .extracting(
                        row -> row.get(0).getStringValue(),
                        row -> row.get(1).getLongValue(),
                        row -> row.get(2).getLongValue(),
                        row -> row.get(3).getDoubleValue(),
                        row -> row.get(4).getLongValue())
                .containsExactly(
                        tuple("2024-04-15", 2L, 4L, 12.75, 1L),
                        tuple("2024-04-16", 1L, 2L, 7.75, 0L),
                        tuple("2024-04-17", 1L, 4L, 1.0, 2L));
        assertThat(query("SELECT project_id, date, running_num_transactions, running_total_volume_usd FROM "
                        + table.sibling("daily_volume_project_running_total").sql() + " ORDER BY project_id, date"))
                .extracting(
                        row -> row.get(0).getStringValue(),
                        row -> row.get(1).getStringValue(),
                        row -> row.get(2).getLongValue(),
                        row -> row.get(3).getDoubleValue())
                .containsExactly(
                        tuple("0", "2024-04-15", 1L, 0.25),
                        tuple("0", "2024-04-17", 5L, 1.25),
                        tuple("4974", "2024-04-15", 3L, 12.5),
                        tuple("4974", "2024-04-16", 5L, 20.25));
    }

    @Test
    void anExistingTableOfAnotherSchemaStopsTheSinkNamingWhatDiffers() {
        BigQueryTableRef table = freshTable();
        client.create(DatasetInfo.of(table.datasetId()));
        client.create(TableInfo.of(
                table.tableId(),
                StandardTableDefinition.of(Schema.of(
                        Field.of("date", StandardSQLTypeName.DATE),
                        Field.of("project_id", StandardSQLTypeName.STRING),
                        Field.of("num_transactions", StandardSQLTypeName.STRING),
                        Field.of("total_volume_usd", StandardSQLTypeName.NUMERIC),
                        Field.of("unpriced_transactions", StandardSQLTypeName.INT64),
                        Field.of("updated_at", StandardSQLTypeName.TIMESTAMP),
                        Field.of("note", StandardSQLTypeName.STRING)))));

        try (BigQueryWarehouse warehouse = open(table)) {
            assertThatThrownBy(warehouse::prepare)
                    .isInstanceOfSatisfying(
                            WarehouseException.class,
                            e -> assertThat(e.transientFailure()).isFalse())
                    .hasMessage(
                            "table " + table + " exists with a schema other than schemas/bigquery/daily_volume.sql: "
                                    + "column num_transactions is STRING, expected INT64; "
                                    + "column total_volume_usd is NUMERIC, expected FLOAT64; "
                                    + "column version INT64 is missing; "
                                    + "column note STRING is unexpected. "
                                    + "Migrate or drop it, or point --warehouse at another dataset.");
        }
    }

    @Test
    void severalSinksWritingTheSameKeysAtOnceLeaveTheNewestVersions() throws Exception {
        BigQueryTableRef table = freshTable();
        prepared(table).close();
        int sinks = 3;
        ExecutorService pool = Executors.newFixedThreadPool(sinks);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int sink = 0; sink < sinks; sink++) {
                int version = sink + 1;
                writers.add(() -> {
                    // a MERGE that loses to a concurrent one is transient: the sink's retry writes it again
                    try (Warehouse warehouse = new RetryingWarehouse(
                            open(table),
                            new Retry(new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(100))))) {
                        for (int round = 0; round < 3; round++) {
                            warehouse.upsert(List.of(
                                    volume(APRIL_15, "4974", version * 10L + round, "1", 0, version * 10L + round),
                                    volume(APRIL_16, "0", version, "2", 0, version)));
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> writer : pool.invokeAll(writers, 2, TimeUnit.MINUTES)) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        try (BigQueryWarehouse warehouse = open(table)) {
            assertThat(warehouse.readAll())
                    .extracting(StoredDailyVolume::projectId, StoredDailyVolume::version)
                    .containsExactly(tuple("4974", 32L), tuple("0", 3L));
        }
    }

    private static BigQuerySettings settings(int rowsPerStatement) {
        return new BigQuerySettings(
                Optional.of(emulator.endpoint()),
                "US",
                rowsPerStatement,
                Optional.of(emulator.grpcEndpoint()),
                Duration.ofMinutes(15));
    }

    /** A table in a dataset of its own, which does not exist yet. */
    private static BigQueryTableRef freshTable() {
        return new BigQueryTableRef(BigQueryEmulator.PROJECT, "daybook_" + datasets.incrementAndGet(), "daily_volume");
    }

    private static BigQueryWarehouse open(BigQueryTableRef table) {
        return open(table, MergeStatement.MAX_ROWS);
    }

    private static BigQueryWarehouse open(BigQueryTableRef table, int rowsPerStatement) {
        return BigQueryWarehouse.open(
                new WarehouseUri.BigQuery(table.project(), table.dataset(), table.table()),
                settings(rowsPerStatement),
                meters);
    }

    private static BigQueryWarehouse prepared(BigQueryTableRef table) throws WarehouseException {
        BigQueryWarehouse warehouse = open(table);
        warehouse.prepare();
        return warehouse;
    }

    private static DistributionSummary bytesBilled(MeterRegistry registry, String statement) {
        return registry.get(JobBilling.BYTES_BILLED).tag("statement", statement).summary();
    }

    private static DailyVolume volume(
            LocalDate date, String project, long transactions, String usd, long unpriced, long version) {
        return new DailyVolume(date, project, transactions, new BigDecimal(usd), unpriced, version);
    }

    private static List<FieldValueList> query(String sql) throws InterruptedException {
        List<FieldValueList> rows = new ArrayList<>();
        client.query(QueryJobConfiguration.newBuilder(sql).build()).iterateAll().forEach(rows::add);
        return rows;
    }
}
