package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daybook.app.cli.DaybookProcess;
import dev.daybook.app.cli.GeneratedScenario;
import dev.daybook.app.cli.options.BigQueryOptions;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.SinkSettings;
import dev.daybook.app.sink.SinkStatus;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.connectors.warehouse.bigquery.BigQueryWarehouse;
import dev.daybook.connectors.warehouse.bigquery.StoredDailyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BigQuery sink is exactly-once into the table: a {@code daybook sink} JVM killed while one of its batch's
 * MERGEs is in flight (earlier MERGEs of the batch written, no offset committed) and started again ends with
 * exactly the expected table, each row at the newest version of its key; a replay of the whole
 * daily-volume topic by a new consumer group then changes nothing, not even {@code updated_at}, and
 * {@code daybook check} finds every table of the model consistent.
 */
@Tag("integration")
class BigQuerySinkKilledTest {

    private static final String TABLE = "test.sequence.sample_data";
    private static final int ROWS_PER_MERGE = 4;
    private static final int HELD_MERGE = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aSinkKilledDuringABatchAndRestartedEndsWithTheExactTableAndAReplayChangesNothing() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 600, 300, 61);
        TopicCatalogue topics = kafka.uniqueTopics();
        DaybookCli.Result printed = DaybookCli.run(List.of(
                "run",
                "--once",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--application-id",
                topics.prefix() + "app",
                "--partitions",
                "2",
                "--state-dir",
                dir.resolve("state").toString(),
                "--source",
                scenario.events.toUri().toString(),
                "--tokens",
                scenario.tokens.toString(),
                "--rates",
                "file:" + scenario.allRates,
                "--warehouse",
                "print",
                "--commit-interval",
                "PT0.2S",
                "--sink-batch-interval",
                "200ms",
                "--ingest-batch-interval",
                "200ms"));
        assertThat(printed.exitCode()).as(printed.said()).isZero();
        assertThat(printed.out()).isEqualTo(scenario.expectedCsv(true));
        List<String> expected = BigQueryTables.expected(printed.out());
        Map<String, Long> newestVersions = newestVersions(topics);
        assertThat(expected).hasSizeGreaterThan(ROWS_PER_MERGE * HELD_MERGE);

        try (BigQueryEmulator emulator = BigQueryEmulator.start()) {
            String group = topics.prefix() + "sink.bigquery";
            try (HoldingProxy proxy =
                            new HoldingProxy(emulator.endpoint(), "MERGE `" + TABLE + "` AS target", HELD_MERGE);
                    DaybookProcess sink = DaybookProcess.start(
                            dir,
                            "sink",
                            List.of(
                                    "sink",
                                    "--bootstrap-servers",
                                    kafka.bootstrapServers(),
                                    "--topic-prefix",
                                    topics.prefix(),
                                    "--partitions",
                                    "2",
                                    "--state-dir",
                                    dir.resolve("sink-state").toString(),
                                    "--kafka-config",
                                    shortSessions().toString(),
                                    "--warehouse",
                                    "bigquery:" + TABLE,
                                    "--bigquery-endpoint",
                                    proxy.baseUrl(),
                                    "--bigquery-write-endpoint",
                                    emulator.grpcEndpoint(),
                                    "--bigquery-rows-per-statement",
                                    String.valueOf(ROWS_PER_MERGE),
                                    "--sink-group-id",
                                    group))) {
                assertThat(proxy.awaitHeld(TIMEOUT))
                        .as("a MERGE reached the proxy; the sink said:\n%s", sink.stderr())
                        .isTrue();
                sink.kill();
                assertThat(proxy.releaseAndAwaitForwarded(TIMEOUT))
                        .as("the held MERGE ran after the kill")
                        .isTrue();
            }
            List<StoredDailyVolume> partial = BigQueryTables.read(emulator.endpoint(), TABLE);
            assertThat(partial)
                    .as("the kill left part of the table written")
                    .isNotEmpty()
                    .hasSizeLessThan(expected.size());

            catchUp(topics, group, emulator);

            List<StoredDailyVolume> table = BigQueryTables.read(emulator.endpoint(), TABLE);
            assertThat(BigQueryTables.csv(table)).isEqualTo(expected);
            assertThat(versions(table)).isEqualTo(newestVersions);

            SinkStatus replay = catchUp(topics, group + ".replay", emulator);

            assertThat(replay.rowsWritten())
                    .as("the replay wrote the whole topic again")
                    .isPositive();
            assertThat(BigQueryTables.read(emulator.endpoint(), TABLE)).isEqualTo(table);
            BigQueryTables.assertCheckPasses(emulator.endpoint(), TABLE);
        }
    }

    /** Runs a sink in this JVM, writing straight to the emulator, until it has caught up; what it did. */
    private static SinkStatus catchUp(TopicCatalogue topics, String group, BigQueryEmulator emulator) throws Exception {
        BigQueryWarehouse warehouse = BigQueryWarehouse.open(
                (WarehouseUri.BigQuery) WarehouseUri.parse("bigquery:" + TABLE),
                BigQueryOptions.of(
                                "--bigquery-endpoint",
                                emulator.endpoint(),
                                "--bigquery-write-endpoint",
                                emulator.grpcEndpoint(),
                                "--bigquery-rows-per-statement",
                                String.valueOf(ROWS_PER_MERGE))
                        .settings(),
                new SimpleMeterRegistry());
        warehouse.prepare();
        try (SinkRunner runner = new SinkRunner(kafka.settings(), topics, group, warehouse, SinkSettings.DEFAULTS)) {
            assertThat(runner.runUntilCaughtUp()).isTrue();
            return runner.status();
        }
    }

    /**
     * Client settings for the killed sink: its consumer leaves the group 6 s after it died instead of the
     * default 45 s, so the restarted sink gets the partitions soon.
     */
    private Path shortSessions() throws Exception {
        return Files.writeString(
                dir.resolve("kafka.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
    }

    /** The newest version of each key of the daily-volume topic. */
    private static Map<String, Long> newestVersions(TopicCatalogue topics) {
        Map<String, Long> versions = new TreeMap<>();
        TopicContents.table(kafka.settings(), topics.dailyVolume().name()).forEach((key, value) -> {
            try {
                versions.put(
                        key, Json.MAPPER.readValue(value, DailyVolume.class).version());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return versions;
    }

    private static Map<String, Long> versions(List<StoredDailyVolume> rows) {
        Map<String, Long> versions = new TreeMap<>();
        rows.forEach(row -> versions.put(Keys.dailyVolume(row.date(), row.projectId()), row.version()));
        return versions;
    }
}
