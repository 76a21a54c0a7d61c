package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.Daybook;
import dev.daybook.app.testing.FakeCoinGecko;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.connectors.generate.RowKind;
import dev.daybook.connectors.reference.RatesCsv;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code daybook run --once} end to end on the shared broker, in this JVM: generated files with late rows,
 * duplicates, malformed rows, an unknown currency and a rate that arrives after its transactions give the
 * independently computed table; a reset recomputes the same table; the summary's totals are those of every run
 * behind the table, this run's share apart.
 */
@Tag("integration")
class RunCommandTest {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    /** The end of the summary of a run that found every file ingested before. */
    private static final String NOTHING_THIS_RUN = ",\"this_run\":{\"rows_read\":0,\"transactions\":0,\"duplicates\":0,"
            + "\"skipped\":0,\"dead_lettered\":0,\"objects\":0,\"amount_disagreements\":0,\"amount_unchecked\":0}}";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, List<String> err) {
        String summary() {
            return err.get(err.size() - 1);
        }

        /** What the command said, for failure messages. */
        String said() {
            return String.join("\n", err);
        }
    }

    private Result daybook(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Daybook.commandLine(new Daybook(new PrintStream(out, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(
                exitCode,
                out.toString(StandardCharsets.UTF_8),
                Arrays.asList(err.toString().split("\n")));
    }

    /** The arguments of a run against the shared broker, with topics and application id of its own. */
    private static List<String> runOnce(TopicCatalogue topics, Path stateDir, GeneratedScenario scenario, Path rates) {
        return new ArrayList<>(List.of(
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
                stateDir.toString(),
                "--source",
                scenario.events.toUri().toString(),
                "--tokens",
                scenario.tokens.toString(),
                "--rates",
                "file:" + rates,
                "--commit-interval",
                "PT0.2S",
                "--sink-batch-interval",
                "200ms",
                "--ingest-batch-interval",
                "200ms"));
    }

    @Test
    void theTableCountsLateRowsOnceSkipsBadOnesAndIsRepricedWhenALateRateArrives() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 700, 11);
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> first = runOnce(topics, dir.resolve("state"), scenario, scenario.ratesWithoutLateOne);
        first.addAll(List.of("--warehouse", "print"));

        Result before = daybook(first.toArray(String[]::new));

        assertThat(before.exitCode()).as(before.said()).isZero();
        String expected = scenario.expectedCsv(false);
        assertThat(before.out()).isEqualTo(expected);
        assertThat(before.summary())
                .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
        long ratesPublished = records(topics.rates().name());

        List<String> second = runOnce(topics, dir.resolve("state"), scenario, scenario.allRates);
        second.addAll(List.of("--warehouse", "print"));
        Result after = daybook(second.toArray(String[]::new));

        assertThat(after.exitCode()).as(after.said()).isZero();
        assertThat(after.out()).isEqualTo(scenario.expectedCsv(true)).isNotEqualTo(expected);
        assertThat(after.summary())
                .as("the totals of the table, nothing ingested by this run")
                .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1))
                .endsWith(NOTHING_THIS_RUN);
        assertThat(records(topics.rates().name()))
                .as("only the late rate is published again")
                .isEqualTo(ratesPublished + 1);
    }

    @Test
    void theSummaryCountsEverythingBehindTheTableAndThisRunsShareApart() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_600, 800, 16);
        String firstFile = scenario.fileNames().get(0);
        String secondFile = scenario.fileNames().get(1);
        Path aside = Files.move(scenario.events.resolve(secondFile), dir.resolve(secondFile));
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> run = runOnce(topics, dir.resolve("state"), scenario, scenario.allRates);
        run.addAll(List.of("--warehouse", "print"));

        Result first = daybook(run.toArray(String[]::new));

        assertThat(first.exitCode()).as(first.said()).isZero();
        String firstCounts = scenario.expectedCounts(List.of(firstFile), 0);
        assertThat(first.summary())
                .startsWith(firstCounts.substring(0, firstCounts.length() - 1) + ",\"table_rows\":"
                        + (first.out().lines().count() - 1) + ",")
                .endsWith(",\"this_run\":" + firstCounts + "}");

        Files.move(aside, scenario.events.resolve(secondFile));
        // not a transaction, so not one the ingester counted: a dead letter of the aggregation, and no duplicate
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.settings()
                .clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
            producer.send(new ProducerRecord<>(topics.transactions().name(), "junk", "not a transaction"))
                    .get();
        }
        Result second = daybook(run.toArray(String[]::new));

        assertThat(second.exitCode()).as(second.said()).isZero();
        String expected = scenario.expectedCsv(true);
        assertThat(second.out()).isEqualTo(expected);
        assertThat(second.summary())
                .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1, 1))
                .endsWith(",\"this_run\":" + scenario.expectedCounts(List.of(secondFile), 1) + "}");
    }

    @Test
    void afterAResetARunRecomputesTheSameTableIntoAClearedWarehouse() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 1_500, 1_500, 12);
        TopicCatalogue topics = kafka.uniqueTopics();
        Path warehouse = dir.resolve("warehouse.duckdb");
        List<String> run = runOnce(topics, dir.resolve("state"), scenario, scenario.allRates);
        run.addAll(List.of("--warehouse", "duckdb:" + warehouse));
        String expected = scenario.expectedCsv(true);

        Result first = daybook(run.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.said()).isZero();
        assertThat(first.out()).isEqualTo(expected);

        Result reset = daybook(
                "reset",
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
                "--warehouse",
                "duckdb:" + warehouse);
        assertThat(reset.exitCode()).as(reset.said()).isZero();
        assertThat(table(warehouse)).isEmpty();
        assertThat(records(topics.dailyVolume().name())).isZero();

        Result again = daybook(run.toArray(String[]::new));

        assertThat(again.exitCode()).as(again.said()).isZero();
        assertThat(again.out()).isEqualTo(expected);
        assertThat(again.summary())
                .as("the totals of the recomputed table; this run ingested nothing but aggregated it all again")
                .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1))
                .endsWith(",\"this_run\":{\"rows_read\":0,\"transactions\":0,\"duplicates\":"
                        + scenario.summary.rows(RowKind.DUPLICATE) + ",\"skipped\":0,\"dead_lettered\":0,\"objects\":0,"
                        + "\"amount_disagreements\":0,\"amount_unchecked\":0}}");
        List<DailyVolume> table = table(warehouse);
        assertThat(table.stream()
                        .map(row -> row.date() + "," + row.projectId() + "," + row.numTransactions() + ","
                                + row.totalVolumeUsd().doubleValue() + "," + row.unpricedTransactions())
                        .toList())
                .isEqualTo(expected.lines()
                        .skip(1)
                        .map(line -> {
                            String[] fields = line.split(",", -1);
                            return fields[0] + "," + fields[1] + "," + fields[2] + ","
                                    + new BigDecimal(fields[3]).doubleValue() + "," + fields[4];
                        })
                        .toList());
        DuckDbModel.assertMatches(warehouse, scenario);
    }

    @Test
    void withCoinGeckoRatesTheRunFetchesWhatTheTransactionsNeedBeforeItPrints() throws Exception {
        // CoinGecko's keyless demo plan serves the past 365 days only
        GeneratedScenario scenario = GeneratedScenario.write(
                dir.resolve("data"), LocalDate.now(ZoneOffset.UTC).minusDays(10), 800, 800, 15);
        try (FakeCoinGecko coinGecko = new FakeCoinGecko()) {
            coinGecko.rates(RatesCsv.read(scenario.allRates));
            List<String> run = runOnce(kafka.uniqueTopics(), dir.resolve("state"), scenario, scenario.allRates);
            run.set(run.indexOf("file:" + scenario.allRates), "coingecko");
            run.addAll(List.of(
                    "--warehouse",
                    "print",
                    "--coingecko-base-url",
                    coinGecko.baseUrl().toString(),
                    "--coingecko-calls-per-minute",
                    String.valueOf(FakeCoinGecko.CALLS_PER_MINUTE)));

            Result result = daybook(run.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.said()).isZero();
            assertThat(result.out()).isEqualTo(scenario.expectedCsv(true));
            assertThat(coinGecko.takeRequests())
                    .filteredOn(path -> path.contains("/market_chart/range") || path.contains("/history"))
                    .hasSize(4);
        }
    }

    @Test
    void aWarehouseThatCannotBeUsedStopsTheRunBeforeItIngestsWithOneLineOnStandardError() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 10, 10, 13);
        Path warehouse = dir.resolve("other.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE daily_volume (day DATE, volume DOUBLE)");
        }
        TopicCatalogue topics = kafka.uniqueTopics();
        List<String> run = runOnce(topics, dir.resolve("state"), scenario, scenario.allRates);
        run.addAll(List.of("--warehouse", "duckdb:" + warehouse));

        Result result = daybook(run.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasSize(1);
        assertThat(result.summary())
                .startsWith("daybook run: cannot use the warehouse duckdb:" + warehouse + ": table daily_volume in "
                        + warehouse + " does not have the columns Daybook needs: date: missing, DATE NOT NULL needed;")
                .contains("day: not a column of Daybook's table; volume: not a column of Daybook's table.");
        assertThat(records(topics.transactions().name())).isZero();
    }

    @Test
    void aMissingRatesFileIsAOneLineError() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 10, 10, 14);
        Path missing = dir.resolve("no-rates.csv");

        Result result = daybook(runOnce(kafka.uniqueTopics(), dir.resolve("state"), scenario, missing)
                .toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).containsExactly("daybook run: no such file: " + missing);
    }

    private static List<DailyVolume> table(Path file) throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(file)) {
            warehouse.prepare();
            return warehouse.read();
        }
    }

    /** How many records the topic holds. */
    private static long records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.settings()
                .clientProperties(Map.of(
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
