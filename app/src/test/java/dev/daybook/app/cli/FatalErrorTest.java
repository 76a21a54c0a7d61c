package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import dev.daybook.app.testing.ErrorInjector;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} (here an OutOfMemoryError, thrown by {@link ErrorInjector} in the thread named) in an ingest
 * worker, the sink or a stream thread of a real {@code daybook} process ends the process promptly with exit code
 * 1 and a log line naming the thread, instead of leaving it running without that thread. (The ingest reader
 * threads: {@code IngestProcessTest}.)
 */
@Tag("integration")
class FatalErrorTest {

    /** Far less than a hang, far more than a halting process needs on two loaded cores. */
    private static final Duration PROMPTLY = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void anErrorInAnIngestWorkerEndsTheIngestProcess() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 300, 300, 41);
        TopicCatalogue topics = kafka.uniqueTopics();

        String stderr = runUntilItEnds(
                "ingest",
                List.of(
                        "ingest",
                        "--once",
                        "--state-dir",
                        dir.resolve("ingest-state").toString(),
                        "--source",
                        scenario.events.toUri().toString()),
                topics,
                "daybook-ingest-worker");

        assertThat(stderr)
                .containsPattern("Fatal java\\.lang\\.OutOfMemoryError: Java heap space \\(injected by the test in"
                        + " (daybook-ingest-worker-\\d)\\) in thread \\1; the process exits now");
    }

    @Test
    void anErrorInTheSinkThreadEndsTheSinkProcess() throws Exception {
        TopicCatalogue topics = kafka.createTopics();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.settings().clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.dailyVolume().name(), bytes("2024-04-15:p1"), bytes("a row to poll")))
                    .get();
        }

        String stderr = runUntilItEnds(
                "sink", List.of("sink", "--warehouse", "print", "--http-port", "0"), topics, "daybook-sink");

        assertThat(stderr).contains("in thread daybook-sink; the process exits now");
    }

    @Test
    void anErrorInAStreamThreadEndsTheAggregateProcess() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 300, 300, 42);
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> cluster = List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--partitions",
                "2");
        int ingested = Daybook.commandLine(new Daybook())
                .execute(concat(
                                List.of(
                                        "ingest",
                                        "--once",
                                        "--state-dir",
                                        dir.resolve("ingest-state").toString(),
                                        "--source",
                                        scenario.events.toUri().toString()),
                                cluster)
                        .toArray(String[]::new));
        assertThat(ingested).isZero();

        String stderr = runUntilItEnds(
                "aggregate",
                List.of(
                        "aggregate",
                        "--application-id",
                        topics.prefix() + "app",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--http-port",
                        "0"),
                topics,
                "StreamThread");

        // Kafka Streams hands the Error to the aggregation's handler, which stops the process as for any failure
        assertThat(stderr)
                .containsPattern(
                        "(?m)^.* ERROR \\[[^]]*-StreamThread-\\d+] dev.daybook.app.run.Aggregation - Kafka Streams failed\n"
                                + "java.lang.OutOfMemoryError: Java heap space");
        assertThat(stderr.lines().reduce((first, second) -> second))
                .hasValueSatisfying(last -> assertThat(last)
                        .startsWith(
                                "daybook aggregate: the aggregation stopped: Java heap space (injected by the test in ")
                        .matches(".*-StreamThread-\\d+\\)"));
    }

    /**
     * Runs {@code daybook args} against the test's broker with an Error injected in the first thread whose name
     * contains {@code thread}; asserts that it exits promptly with 1.
     *
     * @return its standard error
     */
    private String runUntilItEnds(String name, List<String> args, TopicCatalogue topics, String thread)
            throws Exception {
        Path config =
                Files.writeString(dir.resolve(name + "-error.properties"), ErrorInjector.clientProperties(thread));
        List<String> all = concat(
                args,
                List.of(
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic-prefix",
                        topics.prefix(),
                        "--partitions",
                        "2",
                        "--kafka-config",
                        config.toString()));
        try (DaybookProcess process = DaybookProcess.start(dir, name, all)) {
            int exitCode = process.exitCode(PROMPTLY);
            assertThat(exitCode).as(process.stderr()).isEqualTo(1);
            return process.stderr();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
