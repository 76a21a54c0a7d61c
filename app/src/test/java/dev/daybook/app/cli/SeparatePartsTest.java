package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.Daybook;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.run.ReferencePublisher;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.RatesCsv;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.connectors.reference.TokensCsv;
import dev.daybook.connectors.testing.ExternalProcess;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code daybook run} run alone against one cluster, as in production: {@code ingest --once}
 * here, then {@code ingest}, {@code aggregate} and {@code sink} in JVMs of their own, each serving health and
 * metrics, stopped with SIGTERM.
 */
@Tag("integration")
class SeparatePartsTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final int ROWS_PER_FILE = 500;

    @TempDir
    Path dir;

    @Test
    void ingestAggregateAndSinkAloneMakeTheTableAndStopCleanlyOnSigterm() throws Exception {
        // two files: the first ingested by ingest --once, the second by the ingest process
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_000, ROWS_PER_FILE, 31);
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> cluster = List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--partitions",
                "2");

        Path first = Files.createDirectories(dir.resolve("first"));
        Path later = Files.createDirectories(dir.resolve("later"));
        List<Path> files = scenario.summary.files();
        assertThat(files).hasSize(2);
        Files.move(files.get(0), first.resolve(files.get(0).getFileName()));
        Files.move(files.get(1), later.resolve(files.get(1).getFileName()));
        int ingested = Daybook.commandLine(new Daybook())
                .execute(concat(
                                List.of(
                                        "ingest",
                                        "--once",
                                        "--state-dir",
                                        dir.resolve("ingest-state").toString(),
                                        "--source",
                                        first.toUri().toString()),
                                cluster)
                        .toArray(String[]::new));
        assertThat(ingested).isZero();
        publishReferenceData(kafka.settings(), topics, scenario);

        int ingestPort = ExternalProcess.freePort();
        int sinkPort = ExternalProcess.freePort();
        try (DaybookProcess ingest = DaybookProcess.start(
                        dir,
                        "ingest",
                        concat(
                                List.of(
                                        "ingest",
                                        "--state-dir",
                                        dir.resolve("ingest-state").toString(),
                                        "--source",
                                        later.toUri().toString(),
                                        "--http-host",
                                        "127.0.0.1",
                                        "--http-port",
                                        String.valueOf(ingestPort)),
                                cluster));
                DaybookProcess aggregate = DaybookProcess.start(
                        dir,
                        "aggregate",
                        concat(
                                List.of(
                                        "aggregate",
                                        "--application-id",
                                        topics.prefix() + "app",
                                        "--state-dir",
                                        dir.resolve("aggregate").toString(),
                                        "--commit-interval",
                                        "PT0.2S",
                                        "--http-host",
                                        "127.0.0.1",
                                        "--http-port",
                                        "0"),
                                cluster));
                DaybookProcess sink = DaybookProcess.start(
                        dir,
                        "sink",
                        concat(
                                List.of(
                                        "sink",
                                        "--warehouse",
                                        "print",
                                        "--print-interval",
                                        "500ms",
                                        "--sink-batch-interval",
                                        "200ms",
                                        "--http-host",
                                        "127.0.0.1",
                                        "--http-port",
                                        String.valueOf(sinkPort)),
                                cluster))) {
            String expected = scenario.expectedCsv(true);
            await().atMost(Duration.ofMinutes(4)).until(() -> {
                assertThat(List.of(ingest.isAlive(), aggregate.isAlive(), sink.isAlive()))
                        .as("all running")
                        .containsOnly(true);
                return sink.stdout().endsWith(expected)
                        && (sink.stdout().equals(expected) || sink.stdout().endsWith("\n\n" + expected));
            });

            assertThat(get(ingestPort, "/health/ready")).isEqualTo("200 {\"status\":\"ready\"}");
            assertThat(get(ingestPort, "/metrics"))
                    .contains("daybook_ingest_rows_read_total " + ROWS_PER_FILE + ".0\n");
            assertThat(get(ingestPort, "/api/daily-volume"))
                    .as("no aggregation here")
                    .startsWith("404 ");
            assertThat(get(sinkPort, "/health/ready")).isEqualTo("200 {\"status\":\"ready\"}");
            assertThat(get(sinkPort, "/metrics")).containsPattern("(?m)^daybook_sink_rows_total [1-9]\\d*\\.0$");
            assertThat(get(sinkPort, "/")).as("no dashboard here").startsWith("404 ");

            assertThat(ingest.stop(Duration.ofMinutes(1))).as(ingest.stderr()).isEqualTo(143);
            assertThat(aggregate.stop(Duration.ofMinutes(1)))
                    .as(aggregate.stderr())
                    .isEqualTo(143);
            assertThat(sink.stop(Duration.ofMinutes(1))).as(sink.stderr()).isEqualTo(143);
            assertThat(ingest.stderr()).doesNotContain(" ERROR ");
            assertThat(aggregate.stderr()).doesNotContain(" ERROR ");
            assertThat(sink.stderr()).doesNotContain(" ERROR ");
        }
    }

    /** {@code "<status> <body>"} of a GET on this machine's {@code port}. */
    static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    static void publishReferenceData(KafkaSettings cluster, TopicCatalogue topics, GeneratedScenario scenario)
            throws Exception {
        Map<String, Token> tokens = new TreeMap<>();
        for (TokenRow row : TokensCsv.read(scenario.tokens)) {
            tokens.put(row.key(), row.token());
        }
        Map<String, Rate> rates = new TreeMap<>();
        for (RateRow row : RatesCsv.read(scenario.allRates)) {
            rates.put(row.key(), row.rate());
        }
        ReferencePublisher publisher = new ReferencePublisher(cluster);
        publisher.publish(topics.tokens(), tokens, Token::equals);
        publisher.publish(topics.rates(), rates, Rate::equals);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
