package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.app.cli.CheckCommand;
import dev.daybook.app.cli.GeneratedScenario;
import dev.daybook.app.cli.options.BigQueryOptions;
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
 * files: the same rows, counts exact, the volume the exact decimal as a FLOAT64; and {@code daybook check}
 * finds the model consistent, and names the row once a transaction is removed from the raw layer.
 */
@Tag("integration")
class BigQueryRunContractTest {

    private static final String TABLE = "test.sequence.sample_data";
    private static final String TRANSACTIONS = "test.sequence.transactions";

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

            BigQueryTables.assertCheckPasses(emulator.endpoint(), TABLE);

            // one transaction removed from the raw layer behind Daybook's back is named by its day and project
            BigQuery client = BigQueryOptions.of("--bigquery-endpoint", emulator.endpoint())
                    .settings()
                    .client(BigQueryEmulator.PROJECT);
            FieldValueList removed = client.query(
                            QueryJobConfiguration.of("SELECT event_id, CAST(date AS STRING) AS day, project_id FROM `"
                                    + TRANSACTIONS + "` ORDER BY event_id LIMIT 1"))
                    .iterateAll()
                    .iterator()
                    .next();
            client.query(QueryJobConfiguration.of("DELETE FROM `" + TRANSACTIONS + "` WHERE event_id = '"
                    + removed.get("event_id").getStringValue() + "'"));
            DaybookCli.Result altered = DaybookCli.run(BigQueryTables.check(emulator.endpoint(), TABLE));
            assertThat(altered.exitCode()).as(altered.said()).isEqualTo(CheckCommand.DISCREPANCIES);
            assertThat(altered.out().lines())
                    .anySatisfy(line -> assertThat(line.split(" +"))
                            .startsWith(
                                    "raw_count",
                                    removed.get("day").getStringValue(),
                                    removed.get("project_id").getStringValue(),
                                    "num_transactions"));
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
