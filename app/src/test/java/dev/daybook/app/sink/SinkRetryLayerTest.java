package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.cli.options.BigQueryOptions;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.testing.HttpFaultProxy;
import dev.daybook.connectors.testing.HttpFaultProxy.Fault;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.connectors.warehouse.bigquery.BigQueryWarehouse;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink retries a failing warehouse at one layer, with its own policy: BigQuery behind a proxy that
 * answers every MERGE with a transient error is asked exactly as often as the sink's attempts allow, and a
 * stop while the sink waits to retry ends the wait at once.
 */
@Tag("integration")
class SinkRetryLayerTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final Fault UNAVAILABLE = new Fault(503, "application/json; charset=UTF-8", """
            {"error": {"code": 503, "message": "The service is currently unavailable.", "errors": [{"message": \
            "The service is currently unavailable.", "domain": "global", "reason": "backendError"}]}}
            """);
    private static final AtomicInteger datasets = new AtomicInteger();

    private static BigQueryEmulator emulator;
    private static HttpFaultProxy proxy;

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

    @Test
    void aBatchBigQueryKeepsRefusingTransientlyIsAttemptedOncePerSinkAttemptNotOncePerNestedRetry() throws Exception {
        TopicCatalogue topics = topicWithOneRow();
        BigQueryWarehouse warehouse = preparedWarehouse();
        proxy.failNext(1000, SinkRetryLayerTest::isQuery, UNAVAILABLE);
        SinkRunner runner = new SinkRunner(
                kafka.settings(),
                topics,
                "retries",
                warehouse,
                new SinkSettings(5000, Duration.ofMillis(100), 2, Duration.ofMillis(10), Duration.ofMillis(20)));
        try {
            assertThatThrownBy(runner::runUntilCaughtUp)
                    .isInstanceOf(SinkFailedException.class)
                    .hasMessageStartingWith("cannot write 1 rows to dates after 3 attempts: ");
            assertThat(proxy.injected()).isEqualTo(3);
        } finally {
            proxy.failNext(0, SinkRetryLayerTest::isQuery, UNAVAILABLE);
            runner.close();
        }
    }

    @Test
    void aStopWhileTheSinkWaitsToRetryReturnsAtOnce() throws Exception {
        TopicCatalogue topics = topicWithOneRow();
        BigQueryWarehouse warehouse = preparedWarehouse();
        proxy.failNext(1000, SinkRetryLayerTest::isQuery, UNAVAILABLE);
        SinkRunner runner = new SinkRunner(
                kafka.settings(),
                topics,
                "stopped",
                warehouse,
                new SinkSettings(5000, Duration.ofMillis(100), 5, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        try {
            CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.runUntilCaughtUp();
                } catch (SinkFailedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.injected() > 0);

            long start = System.nanoTime();
            runner.close();

            assertThat(running.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(proxy.injected()).isEqualTo(1);
        } finally {
            proxy.failNext(0, SinkRetryLayerTest::isQuery, UNAVAILABLE);
        }
    }

    private static boolean isQuery(String request) {
        return request.startsWith("POST /bigquery/v2/projects/test/queries");
    }

    private static BigQueryWarehouse preparedWarehouse() throws Exception {
        WarehouseUri.BigQuery uri = (WarehouseUri.BigQuery) WarehouseUri.parse(
                "bigquery:" + BigQueryEmulator.PROJECT + ".retries_" + datasets.incrementAndGet() + ".daily_volume");
        BigQueryWarehouse warehouse = BigQueryWarehouse.open(
                uri,
                BigQueryOptions.of(
                                "--bigquery-endpoint",
                                proxy.baseUrl(),
                                "--bigquery-write-endpoint",
                                emulator.grpcEndpoint())
                        .settings(),
                new SimpleMeterRegistry());
        warehouse.prepare();
        return warehouse;
    }

    private static TopicCatalogue topicWithOneRow() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        DailyVolume row = new DailyVolume(LocalDate.of(2024, 4, 15), "4974", 3, new BigDecimal("12.5"), 0, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            producer.send(new ProducerRecord<>(
                            topics.dailyVolume().name(),
                            row.key().getBytes(StandardCharsets.UTF_8),
                            topics.dailyVolume().serializeValue(row)))
                    .get();
        }
        return topics;
    }
}
