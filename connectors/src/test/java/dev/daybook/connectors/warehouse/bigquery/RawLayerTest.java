package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.testing.FakeTime;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The raw layer against goccy/bigquery-emulator: appended through its Storage Write API, merged by SQL. */
@Tag("integration")
class RawLayerTest {

    private static final long APRIL_15_NOON =
            Instant.parse("2024-04-15T12:00:00Z").toEpochMilli();
    private static final long APRIL_16_NOON =
            Instant.parse("2024-04-16T12:00:00Z").toEpochMilli();
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static BigQuery client;
    private static WriteApiAppender appender;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = BigQueryEmulator.start();
        client = new BigQuerySettings(Optional.of(emulator.endpoint()), "US", 1000, Optional.empty(), INTERVAL)
                .client(BigQueryEmulator.PROJECT);
        appender = WriteApiAppender.open(Optional.of(emulator.grpcEndpoint()));
    }

    @AfterAll
    static void stopEmulator() {
        if (appender != null) {
            appender.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aReplayedBatchLeavesEachEventOnceWithItsExactAmounts() throws Exception {
        BigQueryTableRef table = freshTables();
        RawLayer raw = new RawLayer(
                new JobBilling(client, new SimpleMeterRegistry()),
                appender,
                table,
                INTERVAL,
                new FakeTime(Instant.EPOCH));
        List<Transaction> batch = List.of(
                tx("a1", APRIL_15_NOON, new BigInteger("123456789012345678901234567890"), null),
                tx("a2", APRIL_15_NOON, null, new BigDecimal("0.000000000000000001")),
                tx("b1", APRIL_16_NOON, BigInteger.TEN, new BigDecimal("1234567890.123456789")));

        raw.write(batch);
        raw.write(batch);
        raw.merge();
        raw.write(batch.subList(1, 3));
        raw.merge();

        assertThat(query("SELECT event_id, CAST(date AS STRING), CAST(amount_raw AS STRING),"
                        + " CAST(amount_decimal AS STRING), source_line, country FROM " + table.sql()
                        + " ORDER BY event_id"))
                .containsExactly(
                        "a1|2024-04-15|123456789012345678901234567890|null|7|DE",
                        "a2|2024-04-15|null|0.000000000000000001|7|DE",
                        "b1|2024-04-16|10|1234567890.123456789|7|DE");
        assertThat(query("SELECT event_id FROM " + RawLayer.stagingOf(table).sql()))
                .isEmpty();
    }

    @Test
    void rowsStageAtOnceAndMergeOncePerInterval() throws Exception {
        BigQueryTableRef table = freshTables();
        FakeTime time = new FakeTime(Instant.EPOCH);
        RawLayer raw = new RawLayer(new JobBilling(client, new SimpleMeterRegistry()), appender, table, INTERVAL, time);

        raw.write(List.of(tx("a1", APRIL_15_NOON, BigInteger.ONE, null)));
        time.advance(INTERVAL.minusSeconds(1));
        raw.write(List.of(tx("a2", APRIL_15_NOON, BigInteger.TWO, null)));

        assertThat(query("SELECT event_id FROM " + table.sql())).containsExactly("a1");
        assertThat(query("SELECT event_id FROM " + RawLayer.stagingOf(table).sql()))
                .containsExactly("a2");

        time.advance(Duration.ofSeconds(1));
        raw.write(List.of());

        assertThat(query("SELECT event_id FROM " + table.sql() + " ORDER BY event_id"))
                .containsExactly("a1", "a2");
    }

    private static BigQueryTableRef freshTables() throws InterruptedException {
        BigQueryTableRef table =
                new BigQueryTableRef(BigQueryEmulator.PROJECT, "raw_" + datasets.incrementAndGet(), "transactions");
        client.create(DatasetInfo.newBuilder(table.datasetId()).build());
        client.query(QueryJobConfiguration.of(Ddl.table("transactions", table)));
        client.query(QueryJobConfiguration.of(Ddl.table("transactions_staging", RawLayer.stagingOf(table))));
        return table;
    }

    private static Transaction tx(String eventId, long ts, BigInteger raw, BigDecimal decimal) {
        return new Transaction(
                eventId,
                ts,
                "sale",
                "4974",
                137,
                "0xabc",
                "MATIC",
                raw,
                decimal,
                new SourceRef("file:///events.csv", 0, 7),
                "app",
                "0xc0",
                "42",
                "0xtx",
                "primary",
                "r1",
                "DE",
                "mobile",
                "ios",
                "17",
                "safari",
                "17.1");
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
