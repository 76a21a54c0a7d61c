package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.retry.RetryPolicy;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.warehouse.RetryingWarehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every table of the warehouse model against goccy/bigquery-emulator: created by prepare(), written, and left as
 * if written once when the same batches come again (a replay after a crash) or an older version comes late.
 */
@Tag("integration")
class BigQueryModelTablesTest {

    private static final LocalDate APRIL_15 = LocalDate.of(2024, 4, 15);
    private static final LocalDate APRIL_16 = LocalDate.of(2024, 4, 16);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static BigQuery client;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = BigQueryEmulator.start();
        client = settings().client(BigQueryEmulator.PROJECT);
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void prepareCreatesEveryTableOfTheModelNextToTheDailyVolumeTable() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = open(table)) {
            warehouse.prepare();
            warehouse.prepare();

            assertThat(warehouse.tables()).containsExactlyInAnyOrder(WarehouseTable.values());
            for (WarehouseTable model : WarehouseTable.values()) {
                BigQueryTableRef ref = model == WarehouseTable.DAILY_VOLUME ? table : table.sibling(model.tableName());
                assertThat(TableSchemaCheck.differences(
                                client.getTable(ref.tableId()).getDefinition().getSchema(),
                                TableSchemaCheck.expected(Ddl.table(model.tableName(), ref))))
                        .as(model.tableName())
                        .isEmpty();
            }
            assertThat(client.getTable(table.sibling("transactions_staging").tableId()))
                    .isNotNull();
        }
    }

    @Test
    void aModelTableOfOtherColumnsStopsPrepareNamingThem() throws Exception {
        BigQueryTableRef table = freshTable();
        client.create(com.google.cloud.bigquery.DatasetInfo.newBuilder(table.datasetId())
                .build());
        client.query(QueryJobConfiguration.of(
                "CREATE TABLE " + table.sibling("tokens").sql()
                        + " (chain_id INT64, address STRING, symbol STRING, decimals STRING, coin_id STRING,"
                        + " updated_at TIMESTAMP)"));

        try (BigQueryWarehouse warehouse = open(table)) {
            assertThatThrownBy(warehouse::prepare)
                    .isInstanceOf(WarehouseException.class)
                    .hasMessage("table " + table.sibling("tokens")
                            + " exists with a schema other than schemas/bigquery/tokens.sql: column decimals is STRING,"
                            + " expected INT64; column name STRING is missing. Migrate or drop it, or point --warehouse"
                            + " at another dataset.");
        }
    }

    @Test
    void dailyCurrencyVolumeKeepsTheNewestVersionOfEachKeyWhateverTheOrder() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            List<DailyCurrencyVolume> newer = List.of(
                    currency(APRIL_15, "4974", "0xabc", 3, "12.5", 0, 4),
                    currency(APRIL_16, "4974", "0xdef", 1, "2", 1, 2));
            List<DailyCurrencyVolume> older = List.of(currency(APRIL_15, "4974", "0xabc", 2, "10", 0, 3));

            warehouse.upsertDailyCurrencyVolume(newer);
            List<String> once = query("SELECT date, project_id, chain_id, currency_address, num_transactions,"
                    + " volume_usd, unpriced_transactions, version, updated_at FROM "
                    + table.sibling("daily_currency_volume").sql()
                    + " ORDER BY date");
            warehouse.upsertDailyCurrencyVolume(older);
            warehouse.upsertDailyCurrencyVolume(newer);

            assertThat(once)
                    .extracting(row -> row.substring(0, row.lastIndexOf('|')))
                    .containsExactly("2024-04-15|4974|137|0xabc|3|12.5|0|4", "2024-04-16|4974|137|0xdef|1|2|1|2");
            assertThat(query("SELECT date, project_id, chain_id, currency_address, num_transactions, volume_usd,"
                            + " unpriced_transactions, version, updated_at FROM "
                            + table.sibling("daily_currency_volume").sql() + " ORDER BY date"))
                    .isEqualTo(once);
        }
    }

    @Test
    void coinDailyAndTokensTakeACorrectionAndStayUnchangedByAReplay() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            CoinDaily price = new CoinDaily("matic-network", APRIL_15, new BigDecimal("0.71"), null, null, "coingecko");
            CoinDaily corrected = new CoinDaily(
                    "matic-network",
                    APRIL_15,
                    new BigDecimal("0.72"),
                    new BigDecimal("6600000000"),
                    new BigDecimal("310000000.5"),
                    "coingecko");
            TokenRow token = new TokenRow(137, "0xABC", "MATIC", 18, "matic-network", null);
            TokenRow renamed = new TokenRow(137, "0xabc", "POL", 18, "matic-network", "Polygon");

            warehouse.upsertCoinDaily(List.of(price));
            warehouse.upsertTokens(List.of(token));
            warehouse.upsertCoinDaily(List.of(corrected));
            warehouse.upsertTokens(List.of(renamed));
            List<String> coins = query("SELECT coin_id, date, price_usd, market_cap_usd, volume_24h_usd, source,"
                    + " updated_at FROM " + table.sibling("coin_daily").sql());
            List<String> tokens = query("SELECT chain_id, address, symbol, decimals, coin_id, name, updated_at FROM "
                    + table.sibling("tokens").sql());
            warehouse.upsertCoinDaily(List.of(corrected));
            warehouse.upsertTokens(List.of(renamed));

            assertThat(coins)
                    .extracting(row -> row.substring(0, row.lastIndexOf('|')))
                    .containsExactly("matic-network|2024-04-15|0.72|6.6e+09|3.100000005e+08|coingecko");
            FieldValueList stored = client.query(QueryJobConfiguration.of("SELECT market_cap_usd, volume_24h_usd FROM "
                            + table.sibling("coin_daily").sql()))
                    .iterateAll()
                    .iterator()
                    .next();
            assertThat(stored.get(0).getDoubleValue()).isEqualTo(6.6e9);
            assertThat(stored.get(1).getDoubleValue()).isEqualTo(310000000.5);
            assertThat(tokens)
                    .extracting(row -> row.substring(0, row.lastIndexOf('|')))
                    .containsExactly("137|0xabc|POL|18|matic-network|Polygon");
            assertThat(query("SELECT coin_id, date, price_usd, market_cap_usd, volume_24h_usd, source, updated_at FROM "
                            + table.sibling("coin_daily").sql()))
                    .as("a replay changes nothing, not even updated_at")
                    .isEqualTo(coins);
            assertThat(query("SELECT chain_id, address, symbol, decimals, coin_id, name, updated_at FROM "
                            + table.sibling("tokens").sql()))
                    .isEqualTo(tokens);
        }
    }

    @Test
    void datesAreInsertedOnce() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            warehouse.insertDates(List.of(DateRow.of(APRIL_15), DateRow.of(LocalDate.of(2024, 4, 20))));
            warehouse.insertDates(List.of(DateRow.of(APRIL_15), DateRow.of(APRIL_16)));

            assertThat(query("SELECT date, year, quarter, month, iso_year, iso_week, day_of_week, is_weekend FROM "
                            + table.sibling("dates").sql() + " ORDER BY date"))
                    .containsExactly(
                            "2024-04-15|2024|2|4|2024|16|1|false",
                            "2024-04-16|2024|2|4|2024|16|2|false",
                            "2024-04-20|2024|2|4|2024|16|6|true");
        }
    }

    @Test
    void transactionsWrittenTwiceAcrossARestartAreInTheRawLayerOnce() throws Exception {
        BigQueryTableRef table = freshTable();
        List<Transaction> batch = List.of(tx("e1", APRIL_15), tx("e2", APRIL_15), tx("e3", APRIL_16));
        try (BigQueryWarehouse warehouse = prepared(table)) {
            warehouse.insertTransactions(batch);
            warehouse.insertTransactions(batch.subList(1, 3));
        }
        try (BigQueryWarehouse restarted = prepared(table)) {
            restarted.insertTransactions(batch);
        }

        assertThat(query("SELECT event_id, amount_raw FROM "
                        + table.sibling("transactions").sql() + " ORDER BY event_id"))
                .containsExactly(
                        "e1|1157920892373161954235709850086879078532699846656405640394575840079131296399",
                        "e2|1157920892373161954235709850086879078532699846656405640394575840079131296399",
                        "e3|1157920892373161954235709850086879078532699846656405640394575840079131296399");
        assertThat(query("SELECT event_id FROM "
                        + table.sibling("transactions_staging").sql()))
                .isEmpty();
    }

    @Test
    void anAppendThatLandedButReportedAFailureIsRetriedAndEachEventIsStillOnce() throws Exception {
        BigQueryTableRef table = freshTable();
        List<Duration> waits = new ArrayList<>();
        LandsThenFails appender = new LandsThenFails(WriteApiAppender.open(Optional.of(emulator.grpcEndpoint())));
        BigQueryWarehouse bigQuery = new BigQueryWarehouse(
                client,
                table,
                "US",
                1000,
                Optional.of(appender),
                Duration.ofHours(1),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        try (RetryingWarehouse warehouse = new RetryingWarehouse(
                bigQuery,
                new Retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), waits::add, () -> 0.5))) {
            warehouse.prepare();

            warehouse.insertTransactions(List.of(tx("e1", APRIL_15), tx("e2", APRIL_16)));
        }

        assertThat(appender.failures).isEqualTo(1);
        assertThat(waits).hasSize(1);
        assertThat(query("SELECT event_id FROM " + table.sibling("transactions").sql() + " ORDER BY event_id"))
                .containsExactly("e1", "e2");
    }

    /**
     * A fake of the Write API client for what the emulator cannot do: an append whose rows land but whose answer
     * is lost (UNAVAILABLE), once.
     */
    private static final class LandsThenFails implements RowAppender {

        private final RowAppender real;
        private int failures;

        LandsThenFails(RowAppender real) {
            this.real = real;
        }

        @Override
        public void append(BigQueryTableRef table, List<Map<String, Object>> rows) throws WarehouseException {
            real.append(table, rows);
            if (failures == 0) {
                failures++;
                throw AppendErrors.toWarehouseException("appending", Status.UNAVAILABLE.asRuntimeException());
            }
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void clearEmptiesTheComputedTablesAndKeepsTheRest() throws Exception {
        BigQueryTableRef table = freshTable();
        try (BigQueryWarehouse warehouse = prepared(table)) {
            warehouse.upsertDailyCurrencyVolume(List.of(currency(APRIL_15, "4974", "0xabc", 3, "12.5", 0, 4)));
            warehouse.insertDates(List.of(DateRow.of(APRIL_15)));

            warehouse.clear();

            assertThat(query("SELECT date FROM "
                            + table.sibling("daily_currency_volume").sql()))
                    .isEmpty();
            assertThat(query("SELECT date FROM " + table.sibling("dates").sql()))
                    .containsExactly("2024-04-15");
        }
    }

    private static BigQuerySettings settings() {
        return new BigQuerySettings(
                Optional.of(emulator.endpoint()),
                "US",
                1000,
                Optional.of(emulator.grpcEndpoint()),
                Duration.ofHours(1));
    }

    private static BigQueryTableRef freshTable() {
        return new BigQueryTableRef(BigQueryEmulator.PROJECT, "model_" + datasets.incrementAndGet(), "daily_volume");
    }

    private static BigQueryWarehouse open(BigQueryTableRef table) {
        return BigQueryWarehouse.open(
                new WarehouseUri.BigQuery(table.project(), table.dataset(), table.table()),
                settings(),
                new SimpleMeterRegistry());
    }

    private static BigQueryWarehouse prepared(BigQueryTableRef table) throws WarehouseException {
        BigQueryWarehouse warehouse = open(table);
        warehouse.prepare();
        return warehouse;
    }

    private static DailyCurrencyVolume currency(
            LocalDate date, String project, String address, long count, String usd, long unpriced, long version) {
        return new DailyCurrencyVolume(date, project, 137, address, count, new BigDecimal(usd), unpriced, version);
    }

    /** A transaction whose raw amount (2^256 / 100, 76 digits) no BigQuery numeric type holds. */
    private static Transaction tx(String eventId, LocalDate day) {
        long ts = day.atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC)
                .plusSeconds(3600)
                .toEpochMilli();
        BigInteger raw = BigInteger.TWO.pow(256).divide(BigInteger.valueOf(100));
        return new Transaction(
                eventId,
                ts,
                "sale",
                "4974",
                137,
                "0xabc",
                "MATIC",
                raw,
                null,
                new SourceRef("gs://bucket/events.csv", 1700000000000000L, 2));
    }

    private static List<String> query(String sql) throws InterruptedException {
        List<String> rows = new ArrayList<>();
        for (FieldValueList row : client.query(QueryJobConfiguration.of(sql)).iterateAll()) {
            List<String> values = new ArrayList<>();
            row.forEach(value -> values.add(String.valueOf(value.getValue())));
            rows.add(String.join("|", values));
        }
        return rows;
    }
}
