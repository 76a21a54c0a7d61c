package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.testing.CheckModel;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.check.DateRange;
import dev.daybook.connectors.warehouse.check.Discrepancy;
import dev.daybook.connectors.warehouse.check.WarehouseCheck;
import dev.daybook.schemas.warehouse.WarehouseTable;
import dev.daybook.schemas.warehouse.WarehouseViews;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code daybook check} and the analysts' views against goccy/bigquery-emulator: the small model in tables made
 * by the DDL of schemas/bigquery, its daily-volume table named as {@code --warehouse} names it.
 */
@Tag("integration")
class BigQueryModelTest {

    private static final LocalDate APRIL_15 = LocalDate.of(2024, 4, 15);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static BigQuery client;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = BigQueryEmulator.start();
        client = new BigQuerySettings(
                        Optional.of(emulator.endpoint()),
                        "US",
                        MergeStatement.MAX_ROWS,
                        Optional.empty(),
                        Duration.ofMinutes(15))
                .client(BigQueryEmulator.PROJECT);
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aConsistentModelPassesAndAnAlteredOneIsNamedRowByRow() throws Exception {
        BigQueryTableRef dailyVolume = model();
        BigQueryReader reader = new BigQueryReader(client, dailyVolume);

        assertThat(WarehouseCheck.run(reader, DateRange.ALL, WarehouseCheck.CHECKS))
                .isEmpty();

        UnaryOperator<String> name = table -> reader.sqlName(table);
        execute(
                CheckModel.transaction(name, "e1", "2024-04-15", "p1", "0xusdc"),
                "UPDATE " + name.apply("daily_currency_volume")
                        + " SET volume_usd = 3000.5 WHERE currency_address = '0xweth'");

        assertThat(WarehouseCheck.run(reader, DateRange.ALL, WarehouseCheck.CHECKS))
                .containsExactly(
                        new Discrepancy("raw_count", APRIL_15, "p1", "num_transactions", "3", "2"),
                        new Discrepancy("currency_sum", APRIL_15, "p1", "total_volume_usd", "3002", "3001.75"),
                        new Discrepancy("duplicate_event", APRIL_15, "p1", "event_id e1", "1", "2"));
        assertThat(WarehouseCheck.run(reader, DateRange.of(LocalDate.of(2024, 4, 16), null), WarehouseCheck.CHECKS))
                .isEmpty();
    }

    @Test
    void aMissingTableIsNamed() throws Exception {
        BigQueryTableRef dailyVolume = model();
        execute("DROP TABLE " + dailyVolume.sibling("tokens").sql());

        assertThatThrownBy(() -> WarehouseCheck.run(
                        new BigQueryReader(client, dailyVolume), DateRange.ALL, WarehouseCheck.CHECKS))
                .isInstanceOf(WarehouseException.class)
                .hasMessageStartingWith(
                        "bigquery:" + dailyVolume.project() + "." + dailyVolume.dataset() + " has no table tokens:");
    }

    @Test
    void everyViewRunsAndShowsTheModel() throws Exception {
        BigQueryTableRef dailyVolume = model();
        BigQueryReader reader = new BigQueryReader(client, dailyVolume);
        Map<WarehouseTable, String> tables = new EnumMap<>(WarehouseTable.class);
        for (WarehouseTable table : WarehouseTable.values()) {
            tables.put(table, reader.sqlName(table.tableName()));
        }
        Map<String, String> views = WarehouseViews.of("bigquery");
        for (Map.Entry<String, String> view : views.entrySet()) {
            if (!CheckModel.VIEWS.containsKey(view.getKey())) {
                continue; // a test view of another test
            }
            execute(WarehouseViews.fill(
                    view.getValue(), dailyVolume.sibling(view.getKey()).sql(), tables));
        }

        assertThat(views).containsKeys(CheckModel.VIEWS.keySet().toArray(String[]::new));
        for (String view : CheckModel.VIEWS.keySet()) {
            assertThat(rows("SELECT * FROM " + dailyVolume.sibling(view).sql()))
                    .as(view)
                    .containsExactlyInAnyOrderElementsOf(CheckModel.VIEWS.get(view));
        }
    }

    /** The model in a dataset of its own, its daily-volume table named sample_data; returns that table. */
    private static BigQueryTableRef model() throws Exception {
        BigQueryTableRef dailyVolume =
                new BigQueryTableRef(BigQueryEmulator.PROJECT, "model_" + datasets.incrementAndGet(), "sample_data");
        client.create(DatasetInfo.newBuilder(dailyVolume.datasetId()).build());
        BigQueryReader reader = new BigQueryReader(client, dailyVolume);
        for (WarehouseTable table : WarehouseTable.values()) {
            execute(CheckModel.ddl(table, "bigquery", reader.sqlName(table.tableName())));
        }
        execute(CheckModel.inserts(reader::sqlName).toArray(String[]::new));
        return dailyVolume;
    }

    private static void execute(String... statements) throws Exception {
        for (String sql : statements) {
            client.query(
                    QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build());
        }
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        for (FieldValueList row : client.query(QueryJobConfiguration.newBuilder(sql)
                        .setUseLegacySql(false)
                        .build())
                .iterateAll()) {
            List<String> values = new ArrayList<>();
            for (FieldValue value : row) {
                values.add(value.isNull() ? null : value.getStringValue());
            }
            rows.add(CheckModel.row(values));
        }
        return rows;
    }
}
