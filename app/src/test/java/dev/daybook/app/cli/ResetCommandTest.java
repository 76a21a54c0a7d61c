package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.TopicCatalogue;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code daybook reset} of one deployment on a cluster that another deployment shares: the other's Streams
 * application (its consumer group and internal topics) and its table survive.
 */
@Tag("integration")
class ResetCommandTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void deploymentsThatDifferOnlyInTheirPrefixHaveTheirOwnApplicationAndAResetOfOneLeavesTheOther() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 200, 100, 21);
        TopicCatalogue one = kafka.uniqueTopics();
        TopicCatalogue other = TopicCatalogue.forPrefix(one.prefix() + "x-");
        run(one, List.of(), scenario);
        run(other, List.of(), scenario);
        String otherApplication = other.prefix() + "aggregate";
        Deployment before = Deployment.of(other, otherApplication);
        assertThat(before.internalTopics())
                .as("the application id derives from the prefix")
                .isNotEmpty();

        reset(one, List.of());

        assertThat(internalTopicsOf(one.prefix() + "aggregate")).isEmpty();
        assertThat(records(one.dailyVolume().name())).isZero();
        assertThat(Deployment.of(other, otherApplication)).isEqualTo(before);
    }

    @Test
    void aResetDeletesItsApplicationsInternalTopicsNotThoseOfAnApplicationWhoseIdStartsWithItsOwn() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 200, 100, 22);
        TopicCatalogue one = kafka.uniqueTopics();
        TopicCatalogue other = kafka.uniqueTopics();
        String oneApplication = one.prefix() + "daybook";
        String otherApplication = oneApplication + "-x";
        run(one, List.of("--application-id", oneApplication), scenario);
        run(other, List.of("--application-id", otherApplication), scenario);
        Deployment before = Deployment.of(other, otherApplication);
        assertThat(before.internalTopics()).isNotEmpty();

        reset(one, List.of("--application-id", oneApplication));

        assertThat(internalTopicsOf(oneApplication))
                .as("only the other application's are left")
                .containsExactlyElementsOf(before.internalTopics());
        assertThat(Deployment.of(other, otherApplication)).isEqualTo(before);
    }

    /** What a reset must not touch of another deployment: its internal topics, its group's offsets and its table. */
    private record Deployment(
            Set<String> internalTopics, Map<TopicPartition, OffsetAndMetadata> committed, long dailyVolumeRecords) {

        static Deployment of(TopicCatalogue topics, String applicationId) throws Exception {
            try (Admin admin = kafka.admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return new Deployment(
                        internalTopicsOf(applicationId),
                        committed,
                        records(topics.dailyVolume().name()));
            }
        }
    }

    private void run(TopicCatalogue topics, List<String> options, GeneratedScenario scenario) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--once",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--partitions",
                "2",
                "--state-dir",
                stateDir(topics).toString(),
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
        args.addAll(options);
        daybook(args);
    }

    private void reset(TopicCatalogue topics, List<String> options) {
        List<String> args = new ArrayList<>(List.of(
                "reset",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--partitions",
                "2",
                "--state-dir",
                stateDir(topics).toString()));
        args.addAll(options);
        daybook(args);
    }

    private Path stateDir(TopicCatalogue topics) {
        return dir.resolve("state-" + topics.prefix());
    }

    private static void daybook(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Daybook.commandLine(new Daybook(new PrintStream(PrintStream.nullOutputStream())));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args.toArray(String[]::new)))
                .as(err.toString())
                .isZero();
    }

    private static Set<String> internalTopicsOf(String applicationId) throws InterruptedException, ExecutionException {
        try (Admin admin = kafka.admin()) {
            Set<String> topics = new TreeSet<>(admin.listTopics().names().get());
            topics.removeIf(name -> !name.startsWith(applicationId + "-")
                    || !(name.endsWith("-changelog") || name.endsWith("-repartition") || name.endsWith("-topic")));
            return topics;
        }
    }

    /** The records a topic holds: the sum of its partitions' end offsets. */
    private static long records(String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = kafka.admin()) {
            List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            long records = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo end :
                    admin.listOffsets(latest).all().get().values()) {
                records += end.offset();
            }
            return records;
        }
    }
}
