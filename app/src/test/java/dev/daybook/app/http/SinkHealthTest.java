package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.SinkSettings;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Readiness follows the sink: an instance whose sink can no longer write stops being ready, and says why. */
@Tag("integration")
class SinkHealthTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path stateDir;

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // the sink's failure shows in its status, which the test checks
    void theInstanceTurnsUnreadyWithTheReasonWhenTheSinkCannotWrite() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        AtomicBoolean readOnly = new AtomicBoolean();
        Map<String, DailyVolume> table = new ConcurrentHashMap<>();
        Warehouse warehouse = new Warehouse() {
            @Override
            public void prepare() {}

            @Override
            public void upsert(List<DailyVolume> batch) throws WarehouseException {
                if (readOnly.get()) {
                    throw new WarehouseException("table is read-only", false, null);
                }
                batch.forEach(row -> table.put(row.key(), row));
            }

            @Override
            public void close() {}
        };
        DaybookMetrics metrics = DaybookMetrics.unexported();
        SinkRunner sink =
                new SinkRunner(kafka.settings(), topics, "health-test-sink", warehouse, SinkSettings.DEFAULTS, metrics);
        ExecutorService sinkThread = Executors.newSingleThreadExecutor();
        try (DaybookInstance daybook = new DaybookInstance(
                kafka,
                topics,
                "health-test",
                stateDir,
                new SinkReadiness(sink::status, SinkReadiness.DEFAULT_STALL_TIMEOUT),
                metrics)) {
            sinkThread.submit(() -> {
                sink.run();
                return null;
            });
            TestData.produce(kafka, topics);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(table).hasSize(12);
                assertThat(daybook.get("/health/ready").statusCode()).isEqualTo(200);
            });
            String rowsWritten = sinkRowsLine(metrics);

            readOnly.set(true);
            try (KafkaProducer<String, byte[]> producer = TestData.producer(kafka)) {
                TestData.transaction(
                        producer,
                        topics,
                        TestData.transaction(
                                "late-1",
                                Instant.parse("2024-04-14T23:59:59Z"),
                                "7001",
                                TestData.USDC,
                                BigInteger.valueOf(500_000)));
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = daybook.get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body())
                        .isEqualTo("{\"status\":\"unready\",\"reason\":"
                                + "\"the sink failed: cannot write 1 rows to daily_volume: table is read-only\"}");
            });
            assertThat(daybook.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(metrics.scrape()).contains("daybook_sink_batches_total{outcome=\"failed\"} 1.0\n");
            assertThat(sinkRowsLine(metrics)).isEqualTo(rowsWritten);
            assertThat(daybook.get("/api/daily-volume?project_id=7001&from=2024-04-14&to=2024-04-14")
                            .body())
                    .isEqualTo("[" + TestData.row("2024-04-14", "7001", 2, "3.5", 0) + "]");
        } finally {
            sink.close();
            sinkThread.shutdown();
        }
    }

    private static String sinkRowsLine(DaybookMetrics metrics) {
        return metrics.scrape()
                .lines()
                .filter(line -> line.startsWith("daybook_sink_rows_total "))
                .findFirst()
                .orElseThrow();
    }
}
