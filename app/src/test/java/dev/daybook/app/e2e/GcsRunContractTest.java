package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.cli.GeneratedScenario;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.testing.FakeGcs;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCS source's contract (issue 4): {@code run --once --source gs://bucket/prefix} against fake-gcs-server
 * prints the same table, and the same summary, as the same objects read from a local directory, one of
 * them gzip-compressed; and that table is the one computed independently from the generated rows.
 */
@Tag("integration")
class GcsRunContractTest {

    private static final String BUCKET = "e2e-events";
    private static final String PREFIX = "incoming/2024/";

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aBucketPrefixGivesTheSameTableAsTheSameFilesInADirectory() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_200, 400, 41);
        List<Path> files = scenario.summary.files();
        assertThat(files).hasSize(3);
        gzipInPlace(files.get(2));
        String expected = scenario.expectedCsv(true);

        try (FakeGcs gcs = FakeGcs.start()) {
            gcs.createBucket(BUCKET);
            gcs.put(BUCKET, "elsewhere/not-this-prefix.csv", Files.readAllBytes(files.get(0)));
            try (Stream<Path> listed = Files.list(scenario.events)) {
                for (Path file : listed.toList()) {
                    gcs.put(BUCKET, PREFIX + file.getFileName(), Files.readAllBytes(file));
                }
            }

            DaybookCli.Result local =
                    DaybookCli.run(runOnce(scenario, scenario.events.toUri().toString()));
            DaybookCli.Result remote = DaybookCli.run(
                    runOnce(scenario, "gs://" + BUCKET + "/" + PREFIX, "--gcs-endpoint", gcs.endpoint()));

            assertThat(local.exitCode()).as(local.said()).isZero();
            assertThat(remote.exitCode()).as(remote.said()).isZero();
            assertThat(remote.out()).isEqualTo(local.out()).isEqualTo(expected);
            String summary = scenario.expectedSummaryPrefix(expected.lines().count() - 1);
            assertThat(local.summary()).startsWith(summary);
            assertThat(remote.summary()).startsWith(summary);
        }
    }

    /** Arguments of a {@code run --once} printing the table, on the shared broker with topics of its own. */
    private List<String> runOnce(GeneratedScenario scenario, String source, String... more) {
        TopicCatalogue topics = kafka.uniqueTopics();
        return Stream.concat(
                        Stream.of(
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
                                source,
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
                                "200ms"),
                        Stream.of(more))
                .toList();
    }

    /** Replaces {@code file} by {@code file.gz} holding the same bytes gzip-compressed. */
    private static void gzipInPlace(Path file) throws IOException {
        try (OutputStream out =
                new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName() + ".gz")))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }
}
