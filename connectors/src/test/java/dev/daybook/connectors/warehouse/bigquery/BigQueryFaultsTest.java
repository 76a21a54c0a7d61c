package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.retry.RetryPolicy;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.testing.HttpFaultProxy;
import dev.daybook.connectors.testing.HttpFaultProxy.Fault;
import dev.daybook.connectors.warehouse.RetryingWarehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the warehouse does when BigQuery fails: a proxy in front of the emulator answers requests with
 * the errors BigQuery gives, then lets them through. The waits are recorded, not slept.
 */
@Tag("integration")
class BigQueryFaultsTest {

    private static final DailyVolume ROW =
            new DailyVolume(LocalDate.of(2024, 4, 15), "4974", 3, new BigDecimal("12.5"), 0, 1);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static HttpFaultProxy proxy;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private BigQueryTableRef table;
    private BigQueryWarehouse bigQuery;
    /** BigQuery behind the one retry layer, as the sink writes it. */
    private RetryingWarehouse warehouse;

    @BeforeAll
    static void start() throws Exception {
        emulator = BigQueryEmulator.start();
        proxy = HttpFaultProxy.start(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void prepareTable() throws Exception {
        table = new BigQueryTableRef(BigQueryEmulator.PROJECT, "faults_" + datasets.incrementAndGet(), "daily_volume");
        RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
        bigQuery = new BigQueryWarehouse(
                new BigQuerySettings(Optional.of(proxy.baseUrl()), "US", 1000, Optional.empty(), Duration.ofMinutes(15))
                        .client(table.project()),
                table,
                "US",
                1000,
                Optional.of(WriteApiAppender.open(Optional.of(emulator.grpcEndpoint()))),
                Duration.ofMinutes(15),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        warehouse = new RetryingWarehouse(bigQuery, new Retry(policy, waits::add, () -> 0.5));
        warehouse.prepare();
    }

    @Test
    void serviceUnavailableIsRetriedWithBackoffUntilTheBatchLands() throws Exception {
        proxy.failNext(
                2,
                BigQueryFaultsTest::isQuery,
                googleError(503, "backendError", "The service is currently unavailable."));

        warehouse.upsert(List.of(ROW));

        assertThat(proxy.injected()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
        assertThat(bigQuery.readAll())
                .extracting(StoredDailyVolume::projectId, StoredDailyVolume::version)
                .containsExactly(tuple("4974", 1L));
    }

    @Test
    void rateLimitExceededIsRetriedUntilTheBatchLands() throws Exception {
        proxy.failNext(
                3,
                BigQueryFaultsTest::isQuery,
                googleError(
                        403,
                        "rateLimitExceeded",
                        "Exceeded rate limits: too many table update operations for this table."));

        warehouse.upsert(List.of(ROW));

        assertThat(proxy.injected()).isEqualTo(3);
        assertThat(waits).hasSize(3);
        assertThat(bigQuery.readAll()).hasSize(1);
    }

    @Test
    void aMergeThatLostToAConcurrentOneIsRetried() throws Exception {
        proxy.failNext(
                1,
                BigQueryFaultsTest::isQuery,
                googleError(
                        400,
                        "invalidQuery",
                        "Could not serialize access to table test:" + table.dataset()
                                + ".daily_volume due to concurrent update"));

        warehouse.upsert(List.of(ROW));

        assertThat(proxy.injected()).isEqualTo(1);
        assertThat(bigQuery.readAll()).hasSize(1);
    }

    @Test
    void aPermanentErrorStopsAtOnceSayingWhatBigQuerySaid() throws Exception {
        proxy.failNext(
                1,
                BigQueryFaultsTest::isQuery,
                googleError(400, "invalid", "Query parameter 'version_0' not found at [3:7]"));

        assertThatThrownBy(() -> warehouse.upsert(List.of(ROW)))
                .isInstanceOfSatisfying(
                        WarehouseException.class,
                        e -> assertThat(e.transientFailure()).isFalse())
                .hasMessage("MERGE of 1 rows into " + table + " failed (HTTP 400, permanent): "
                        + "invalid: Query parameter 'version_0' not found at [3:7]");
        assertThat(proxy.injected()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(bigQuery.readAll()).isEmpty();
    }

    @Test
    void transientErrorsBeyondTheLastAttemptReachTheSinkAsTransient() throws Exception {
        proxy.failNext(
                4,
                BigQueryFaultsTest::isQuery,
                googleError(503, "backendError", "The service is currently unavailable."));

        assertThatThrownBy(() -> warehouse.upsert(List.of(ROW)))
                .isInstanceOfSatisfying(
                        WarehouseException.class,
                        e -> assertThat(e.transientFailure()).isTrue())
                .hasMessage("MERGE of 1 rows into " + table + " failed (HTTP 503, transient): "
                        + "backendError: The service is currently unavailable.");
        assertThat(waits).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
        assertThat(bigQuery.readAll()).isEmpty();

        warehouse.upsert(List.of(ROW));
        assertThat(bigQuery.readAll()).hasSize(1);
    }

    @Test
    void prepareRetriesItsLookupsToo() throws Exception {
        proxy.failNext(
                2,
                BigQueryFaultsTest::isDatasetLookup,
                googleError(500, "internalError", "Internal error encountered."));

        warehouse.prepare();

        assertThat(proxy.injected()).isEqualTo(2);
        assertThat(waits).hasSize(2);
    }

    /** An error response as BigQuery's REST API gives it. */
    private static Fault googleError(int status, String reason, String message) {
        String json = """
                {"error": {"code": %d, "message": "%s", "errors": [{"message": "%s", "domain": "global", "reason": "%s"}]}}
                """.formatted(status, message, message, reason);
        return new Fault(status, "application/json; charset=UTF-8", json);
    }

    private static boolean isQuery(String request) {
        return request.startsWith("POST /bigquery/v2/projects/test/queries");
    }

    private static boolean isDatasetLookup(String request) {
        return request.startsWith("GET /bigquery/v2/projects/test/datasets/");
    }
}
