package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daybook.app.testing.ConsumerGroups;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code daybook aggregate} processes share the work of one application while an ingester feeds it; one is
 * killed with SIGKILL mid-stream. Once its session times out the other takes its partitions over, restores their
 * state from the changelogs, and the table ends exact, every row once.
 */
@Tag("integration")
class AggregateKilledTest {

    /** Kafka's smallest by default: how long the group waits for the killed instance before moving its partitions. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Records of its partition the killed instance has yet to aggregate: several commit intervals' worth. */
    private static final long BEHIND = 200;

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void whenOneOfTwoAggregateInstancesIsKilledTheOtherTakesOverAndTheTableIsExact() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 4_000, 1_000, 71);
        TopicCatalogue topics = kafka.uniqueTopics();
        String group = topics.prefix() + "app";
        // One stream thread each keeps four JVMs light on a small machine; the group then has one member per instance.
        Path clientConfig = Files.writeString(
                dir.resolve("client.properties"),
                "session.timeout.ms=" + SESSION_TIMEOUT.toMillis() + "\nnum.stream.threads=1\n");
        List<String> cluster = List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--partitions",
                "2",
                "--kafka-config",
                clientConfig.toString());
        String expected = scenario.expectedCsv(true);
        try (DaybookProcess sink = DaybookProcess.start(
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
                                        "0"),
                                cluster));
                DaybookProcess first = aggregate("first", group, cluster);
                DaybookProcess second = aggregate("second", group, cluster)) {
            TopicPartition firstHolds = await("each instance holds a partition of the transactions")
                    .atMost(TIMEOUT)
                    .until(
                            () -> {
                                assertThat(List.of(sink.isAlive(), first.isAlive(), second.isAlive()))
                                        .as("all running")
                                        .containsOnly(true);
                                Map<String, Set<TopicPartition>> held = partitionsByInstance(group);
                                Optional<TopicPartition> ofFirst = transactionsPartition(held.get("first"), topics);
                                return transactionsPartition(held.get("second"), topics)
                                                .isPresent()
                                        ? ofFirst.orElse(null)
                                        : null;
                            },
                            Objects::nonNull);
            SeparatePartsTest.publishReferenceData(kafka.settings(), topics, scenario);
            try (DaybookProcess ingest = DaybookProcess.start(
                    dir,
                    "ingest",
                    concat(
                            List.of(
                                    "ingest",
                                    "--state-dir",
                                    dir.resolve("ingest-state").toString(),
                                    "--source",
                                    scenario.events.toUri().toString(),
                                    "--ingest-batch-rows",
                                    "50",
                                    "--max-objects-in-flight",
                                    "1",
                                    "--ingest-workers",
                                    "1",
                                    "--http-host",
                                    "127.0.0.1",
                                    "--http-port",
                                    "0"),
                            cluster))) {
                await("the first instance aggregating, well behind the ingester")
                        .atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            assertThat(ingest.isAlive())
                                    .as("the ingester is alive; it said:\n%s", ingest.stderr())
                                    .isTrue();
                            long aggregated = aggregated(group, firstHolds);
                            return aggregated > 0 && committedEnd(firstHolds) - aggregated >= BEHIND;
                        });
                first.kill();
                assertThat(aggregated(group, firstHolds))
                        .as("killed with transactions of its partition not aggregated yet")
                        .isLessThan(committedEnd(firstHolds));

                await("the exact table").atMost(TIMEOUT).until(() -> {
                    assertThat(List.of(ingest.isAlive(), second.isAlive(), sink.isAlive()))
                            .as("still running")
                            .containsOnly(true);
                    String printed = sink.stdout();
                    return printed.equals(expected) || printed.endsWith("\n\n" + expected);
                });
                Map<String, Set<TopicPartition>> held = partitionsByInstance(group);
                assertThat(held.keySet())
                        .as("the killed instance's member timed out")
                        .containsExactly("second");
                assertThat(held.get("second"))
                        .as("the survivor holds every partition")
                        .contains(
                                new TopicPartition(topics.transactions().name(), 0),
                                new TopicPartition(topics.transactions().name(), 1));
                assertThat(second.stop(TIMEOUT)).as(second.stderr()).isEqualTo(143);
                assertThat(ingest.stop(TIMEOUT)).as(ingest.stderr()).isEqualTo(143);
            }
            assertThat(sink.stop(TIMEOUT)).as(sink.stderr()).isEqualTo(143);
            assertThat(second.stderr()).doesNotContain(" ERROR ");
        }

        Path warehouse = dir.resolve("daybook.duckdb");
        try (DaybookProcess once = DaybookProcess.start(
                dir,
                "once",
                concat(
                        List.of(
                                "run",
                                "--once",
                                "--application-id",
                                group,
                                "--sink-group-id",
                                topics.prefix() + "duckdb",
                                "--state-dir",
                                dir.resolve("once").toString(),
                                "--source",
                                scenario.events.toUri().toString(),
                                "--tokens",
                                scenario.tokens.toString(),
                                "--rates",
                                "file:" + scenario.allRates,
                                "--warehouse",
                                "duckdb:" + warehouse),
                        cluster))) {
            assertThat(once.exitCode(TIMEOUT)).as(once.stderr()).isZero();
            assertThat(once.stdout()).isEqualTo(expected);
        }
        assertThat(DuckDbTable.read(warehouse)).as("every row once, exact").isEqualTo(DuckDbTable.asStored(expected));
        DuckDbModel.assertMatches(warehouse, scenario);
    }

    private DaybookProcess aggregate(String name, String group, List<String> cluster) throws Exception {
        return DaybookProcess.start(
                dir,
                name,
                concat(
                        List.of(
                                "aggregate",
                                "--application-id",
                                group,
                                "--instance-id",
                                name,
                                "--state-dir",
                                dir.resolve(name).toString(),
                                "--commit-interval",
                                "PT0.5S",
                                "--http-host",
                                "127.0.0.1",
                                "--http-port",
                                "0"),
                        cluster));
    }

    /**
     * The partitions each instance's stream threads hold in the group; Streams names a thread's static member
     * {@code <instance id>-<thread>}.
     */
    private static Map<String, Set<TopicPartition>> partitionsByInstance(String group) {
        return ConsumerGroups.members(kafka.settings(), group).stream()
                .collect(Collectors.groupingBy(
                        member -> member.groupInstanceId().orElseThrow().replaceFirst("-\\d+$", ""),
                        Collectors.flatMapping(
                                member -> member.assignment().topicPartitions().stream(), Collectors.toSet())));
    }

    private static Optional<TopicPartition> transactionsPartition(Set<TopicPartition> held, TopicCatalogue topics) {
        return held == null
                ? Optional.empty()
                : held.stream()
                        .filter(partition ->
                                partition.topic().equals(topics.transactions().name()))
                        .findFirst();
    }

    /** The offset up to which the group has aggregated {@code partition} and committed; 0 before its first commit. */
    private static long aggregated(String group, TopicPartition partition) throws Exception {
        try (Admin admin = quickAdmin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            return committed == null ? 0 : committed.offset();
        }
    }

    /** The end of the committed records of {@code partition}. */
    private static long committedEnd(TopicPartition partition) throws Exception {
        try (Admin admin = quickAdmin()) {
            return admin.listOffsets(
                            Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition)
                    .get()
                    .offset();
        }
    }

    private static Admin quickAdmin() {
        return Admin.create(kafka.settings()
                .clientProperties(Map.of(
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        2_000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        1_000)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
