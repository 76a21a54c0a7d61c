package dev.daybook.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.testing.TopicContents;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run --once} over files of good rows with hostile rows among them ({@link HostileCorpus}): every good row
 * is counted, nothing else; every hostile row is one dead letter with its reason and origin; and
 * {@code rows_read = transactions + skipped + dead_lettered} for each file and in the summary.
 */
@Tag("integration")
class HostileInputTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    private static final JsonSerde<IngestProgress> PROGRESS = JsonSerde.of(IngestProgress.class);

    @TempDir
    Path dir;

    @Test
    void hostileRowsAreDeadLetteredWithTheirReasonsAndEveryGoodRowIsCountedOnce() throws Exception {
        HostileCorpus corpus = HostileCorpus.write(dir.resolve("data"), 5, 300);
        TopicCatalogue topics = kafka.uniqueTopics();

        DaybookCli.Result result = DaybookCli.run(List.of(
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
                corpus.events.toUri().toString(),
                "--tokens",
                corpus.tokens.toString(),
                "--rates",
                "file:" + corpus.rates,
                "--warehouse",
                "print",
                "--commit-interval",
                "PT0.2S",
                "--sink-batch-interval",
                "200ms",
                "--ingest-batch-interval",
                "200ms"));

        assertThat(result.exitCode()).as(result.said()).isZero();
        assertThat(result.out()).isEqualTo(corpus.expectedCsv());

        List<ConsumerRecord<String, String>> deadLetters =
                TopicContents.records(kafka.settings(), topics.deadLetter().name());
        TreeSet<String> origins = deadLetters.stream()
                .map(r -> header(r, DeadLetterHeaders.SOURCE_URI) + " " + header(r, DeadLetterHeaders.SOURCE_LINE) + " "
                        + header(r, DeadLetterHeaders.REASON))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(origins).isEqualTo(corpus.expectedDeadLetters());
        assertThat(deadLetters)
                .hasSize(HostileCorpus.CASES.size())
                .allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("ingest"));

        Map<String, IngestProgress> progress =
                TopicContents.table(kafka.settings(), topics.ingestProgress().name()).values().stream()
                        .map(json -> PROGRESS.deserialize(
                                topics.ingestProgress().name(), json.getBytes(StandardCharsets.UTF_8)))
                        .collect(Collectors.toMap(IngestProgress::uri, p -> p));
        assertThat(progress.keySet()).isEqualTo(corpus.expectedCounts().keySet());
        corpus.expectedCounts().forEach((uri, expected) -> {
            IngestProgress object = progress.get(uri);
            assertThat(object.state()).isEqualTo(IngestProgress.State.DONE);
            assertThat(object.rows())
                    .as("rows of %s", uri)
                    .isEqualTo(object.transactions() + object.skipped() + object.malformed())
                    .isEqualTo(expected.dataLines());
            assertThat(new long[] {object.transactions(), object.skipped(), object.malformed()})
                    .as("counts of %s", uri)
                    .containsExactly(expected.transactions(), expected.skipped(), expected.deadLettered());
        });

        JsonNode summary = new ObjectMapper().readTree(result.summary());
        long lines = corpus.expectedCounts().values().stream()
                .mapToLong(HostileCorpus.FileCounts::dataLines)
                .sum();
        long transactions = corpus.expectedCounts().values().stream()
                .mapToLong(HostileCorpus.FileCounts::transactions)
                .sum();
        long skipped = corpus.expectedCounts().values().stream()
                .mapToLong(HostileCorpus.FileCounts::skipped)
                .sum();
        for (JsonNode counts : List.of(summary, summary.get("this_run"))) {
            assertThat(counts.get("rows_read").asLong())
                    .as(result.summary())
                    .isEqualTo(counts.get("transactions").asLong()
                            + counts.get("skipped").asLong()
                            + counts.get("dead_lettered").asLong())
                    .isEqualTo(lines);
            assertThat(counts.get("transactions").asLong()).isEqualTo(transactions);
            assertThat(counts.get("skipped").asLong()).isEqualTo(skipped);
            assertThat(counts.get("dead_lettered").asLong()).isEqualTo(HostileCorpus.CASES.size());
            assertThat(counts.get("duplicates").asLong()).isZero();
            assertThat(counts.get("objects").asLong())
                    .isEqualTo(corpus.expectedCounts().size());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
