package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.cli.GeneratedScenario;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.testing.BigQueryEmulator;
import dev.daybook.connectors.warehouse.bigquery.StoredDailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BigQuery warehouse's contract (issue 5): {@code run --once --warehouse bigquery:...} against
 * goccy/bigquery-emulator leaves exactly the table that {@code --warehouse print} prints for the same
 * files: the same rows, counts exact, the volume the exact decimal as a FLOAT64.
 */
@Tag("integration")
class BigQueryRunContractTest {

    private static final String TABLE = "test.sequence.sample_data";

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void runOnceLeavesExactlyThePrintedTableInBigQuery() throws Exception {
        // 3 days, 4 projects and late rows up to 3 days back: at most 24 table rows, one MERGE
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 600, 300, 51);
        String expected = scenario.expectedCsv(true);

        DaybookCli.Result printed = DaybookCli.run(runOnce(scenario, "print"));
        assertThat(printed.exitCode()).as(printed.said()).isZero();
        assertThat(printed.out()).isEqualTo(expected);

        try (BigQueryEmulator emulator = BigQueryEmulator.start()) {
            DaybookCli.Result stored = DaybookCli.run(runOnce(
                    scenario,
                    "bigquery:" + TABLE,
                    "--bigquery-endpoint",
                    emulator.endpoint(),
                    "--bigquery-write-endpoint",
                    emulator.grpcEndpoint()));

            assertThat(stored.exitCode()).as(stored.said()).isZero();
            assertThat(stored.out())
                    .as("the table is printed from the topic, exact")
                    .isEqualTo(printed.out());
            assertThat(stored.summary())
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
            List<StoredDailyVolume> table = BigQueryTables.read(emulator.endpoint(), TABLE);
            assertThat(BigQueryTables.csv(table)).isEqualTo(BigQueryTables.expected(printed.out()));
            assertThat(table).allSatisfy(row -> {
                assertThat(row.version()).isPositive();
                assertThat(row.updatedAt()).isNotNull();
            });
        }
    }

    /** Arguments of a {@code run --once} on the shared broker, with topics of its own. */
    private List<String> runOnce(GeneratedScenario scenario, String warehouse, String... more) {
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> args = new ArrayList<>(List.of(
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
                dir.resolve("state-" + topics.prefix()).toString(),
                "--source",
                scenario.events.toUri().toString(),
                "--tokens",
                scenario.tokens.toString(),
                "--rates",
                "file:" + scenario.allRates,
                "--warehouse",
                warehouse,
                "--commit-interval",
                "PT0.2S",
                "--sink-batch-interval",
                "200ms",
                "--ingest-batch-interval",
                "200ms"));
        args.addAll(List.of(more));
        return args;
    }
}
