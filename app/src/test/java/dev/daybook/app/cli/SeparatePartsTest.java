package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.Daybook;
import dev.daybook.app.run.ReferencePublisher;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.RatesCsv;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.connectors.reference.TokensCsv;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code daybook run} run alone against one cluster, as in production: {@code ingest --once}
 * here, {@code aggregate} and {@code sink} in JVMs of their own, stopped with SIGTERM.
 */
class SeparatePartsTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void ingestAggregateAndSinkAloneMakeTheTableAndStopCleanlyOnSigterm() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_000, 500, 31);
        Topics topics = kafka.uniqueTopics();
        List<String> cluster = List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", topics.prefix(),
                "--partitions", "2");

        int ingested = Daybook.commandLine(new Daybook()).execute(concat(List.of("ingest", "--once", "--source",
                scenario.events.toUri().toString()), cluster).toArray(String[]::new));
        assertThat(ingested).isZero();
        publishReferenceData(topics, scenario);

        try (DaybookProcess aggregate = DaybookProcess.start(dir, "aggregate", concat(List.of("aggregate",
                "--application-id", topics.prefix() + "app", "--state-dir", dir.resolve("aggregate").toString(),
                "--commit-interval", "PT0.2S", "--http-host", "127.0.0.1", "--http-port", "0"), cluster));
             DaybookProcess sink = DaybookProcess.start(dir, "sink", concat(List.of("sink", "--warehouse", "print",
                     "--print-interval", "500ms", "--sink-batch-interval", "200ms"), cluster))) {
            String expected = scenario.expectedCsv(true);
            await().atMost(Duration.ofMinutes(4)).until(() -> {
                assertThat(aggregate.isAlive()).as("aggregate is running").isTrue();
                assertThat(sink.isAlive()).as("sink is running").isTrue();
                return sink.stdout().endsWith(expected) && (sink.stdout().equals(expected)
                        || sink.stdout().endsWith("\n\n" + expected));
            });

            assertThat(aggregate.stop(Duration.ofMinutes(1))).as(aggregate.stderr()).isEqualTo(143);
            assertThat(sink.stop(Duration.ofMinutes(1))).as(sink.stderr()).isEqualTo(143);
            assertThat(aggregate.stderr()).doesNotContain(" ERROR ");
            assertThat(sink.stderr()).doesNotContain(" ERROR ");
        }
    }

    private static void publishReferenceData(Topics topics, GeneratedScenario scenario) throws Exception {
        Map<String, Token> tokens = new TreeMap<>();
        for (TokenRow row : TokensCsv.read(scenario.tokens)) {
            tokens.put(row.key(), row.token());
        }
        Map<String, Rate> rates = new TreeMap<>();
        for (RateRow row : RatesCsv.read(scenario.allRates)) {
            rates.put(row.key(), row.rate());
        }
        ReferencePublisher publisher = new ReferencePublisher(kafka.settings());
        publisher.publish(topics.tokens(), tokens, JsonSerde.of(Token.class), Token::equals);
        publisher.publish(topics.rates(), rates, JsonSerde.of(Rate.class), Rate::equals);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
