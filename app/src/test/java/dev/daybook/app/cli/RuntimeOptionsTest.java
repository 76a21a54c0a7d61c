package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.cli.options.EnvironmentDefaults;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.sink.RawLayerOption;
import dev.daybook.app.sink.SinkOptions;
import dev.daybook.app.sink.SinkSettings;
import dev.daybook.app.sink.WarehouseOptions;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Kafka, sink and warehouse options as a command mixes them in. Assumes no DAYBOOK_* variables are set. */
class RuntimeOptionsTest {

    @Command(name = "daybook")
    static final class Options {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        SinkOptions sink;

        @Mixin
        RawLayerOption rawLayer;

        @Mixin
        WarehouseOptions warehouse;
    }

    @TempDir
    Path dir;

    private static Options parse(String... args) {
        Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void defaultsToTheEmbeddedBrokerAndADuckDbFileInTheStateDir() throws Exception {
        Options options = parse();
        AtomicInteger embeddedStarts = new AtomicInteger();

        KafkaSettings settings = options.kafka.settings(() -> {
            embeddedStarts.incrementAndGet();
            return "127.0.0.1:9999";
        });

        assertThat(embeddedStarts).hasValue(1);
        assertThat(settings.clientProperties())
                .containsOnlyKeys("bootstrap.servers")
                .containsValue("127.0.0.1:9999");
        assertThat(options.kafka.topics()).isEqualTo(TopicCatalogue.forPrefix("daybook."));
        assertThat(options.kafka.topicSetup(true).newTopics())
                .as("on the embedded broker, a partition per core up to 4")
                .extracting(NewTopic::numPartitions)
                .containsOnly(Math.min(4, Runtime.getRuntime().availableProcessors()));
        assertThat(options.kafka.topicSetup(false).newTopics())
                .extracting(NewTopic::numPartitions)
                .containsOnly(4);
        assertThat(options.kafka.topicSetup(true).newTopics())
                .extracting(NewTopic::replicationFactor)
                .containsOnly((short) -1);
        assertThat(options.kafka.embeddedKafka(dir).dataDir())
                .isEqualTo(dir.resolve("kafka").toAbsolutePath());
        WarehouseUri warehouse = options.warehouse.uri(dir);
        assertThat(options.sink.settings(warehouse)).isEqualTo(SinkSettings.DEFAULTS);
        assertThat(options.sink.stallTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(warehouse).isEqualTo(new WarehouseUri.DuckDb(dir.resolve("daybook.duckdb")));
        assertThat(options.sink.groupId(options.kafka.topics(), warehouse))
                .isEqualTo(
                        "daybook.sink.duckdb:" + dir.resolve("daybook.duckdb").toAbsolutePath());
    }

    @Test
    void usesTheConfiguredClusterAndClientConfigWithoutStartingABroker() throws Exception {
        Path config = Files.writeString(
                dir.resolve("client.properties"), "security.protocol=SASL_SSL\nsasl.jaas.config=secret stuff\n");
        Options options = parse(
                "--bootstrap-servers",
                "kafka-1:9092,kafka-2:9092",
                "--kafka-config",
                config.toString(),
                "--topic-prefix",
                "prod.",
                "--partitions",
                "12",
                "--replication-factor",
                "3",
                "--sink-batch-rows",
                "100",
                "--sink-batch-interval",
                "250ms",
                "--sink-retries",
                "2",
                "--sink-retry-backoff",
                "2s",
                "--sink-retry-backoff-max",
                "1m",
                "--sink-group-id",
                "my-sink",
                "--sink-stall-timeout",
                "90s",
                "--no-raw-layer",
                "--warehouse",
                "bigquery:proj.ds.daily_volume");

        KafkaSettings settings = options.kafka.settings(() -> {
            throw new AssertionError("the embedded broker must not start");
        });

        assertThat(settings.toString())
                .isEqualTo(
                        "{bootstrap.servers=kafka-1:9092,kafka-2:9092, sasl.jaas.config=[hidden], security.protocol=SASL_SSL}");
        assertThat(options.kafka.topicSetup(false).newTopics())
                .extracting(NewTopic::name)
                .first()
                .isEqualTo("prod.transactions");
        assertThat(options.kafka.topicSetup(false).newTopics())
                .extracting(NewTopic::numPartitions)
                .containsOnly(12);
        assertThat(options.kafka.topicSetup(true).newTopics())
                .as("an explicit --partitions wins on the embedded broker too")
                .extracting(NewTopic::numPartitions)
                .containsOnly(12);
        assertThat(options.kafka.topicSetup(false).newTopics())
                .extracting(NewTopic::replicationFactor)
                .containsOnly((short) 3);
        assertThat(settings(options, options.warehouse.uri(dir)))
                .as("BigQuery coalesces its writes by default")
                .isEqualTo(new SinkSettings(
                        100,
                        Duration.ofMillis(250),
                        2,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(1),
                        SinkOptions.BIGQUERY_WRITE_INTERVAL,
                        false));
        assertThat(options.sink.stallTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.sink.groupId(options.kafka.topics(), options.warehouse.uri(dir)))
                .isEqualTo("my-sink");
        assertThat(options.warehouse.uri(dir)).isEqualTo(new WarehouseUri.BigQuery("proj", "ds", "daily_volume"));
    }

    @Test
    void theSinkFeedsTheRawLayerUnlessTheFlagOrItsVariableTurnsItOff() {
        WarehouseUri duckDb = new WarehouseUri.DuckDb(dir.resolve("daybook.duckdb"));
        Set<WarehouseTable> all = EnumSet.allOf(WarehouseTable.class);

        assertThat(settings(parse(), duckDb).fed(all)).isEqualTo(all);
        assertThat(settings(parse("--no-raw-layer"), duckDb).fed(all))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(WarehouseTable.TRANSACTIONS)));
        assertThat(settings(parse("--no-raw-layer"), duckDb).fed(EnumSet.of(WarehouseTable.DAILY_VOLUME)))
                .containsExactly(WarehouseTable.DAILY_VOLUME);
        Options fromEnvironment = new Options();
        new CommandLine(fromEnvironment)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of("DAYBOOK_RAW_LAYER", "false")))
                .parseArgs();
        assertThat(settings(fromEnvironment, duckDb).rawLayer()).isFalse();
        Options flagAndEnvironment = new Options();
        new CommandLine(flagAndEnvironment)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of("DAYBOOK_RAW_LAYER", "false")))
                .parseArgs("--raw-layer");
        assertThat(settings(flagAndEnvironment, duckDb).rawLayer())
                .as("the flag wins over the variable")
                .isTrue();
    }

    /** The settings of the sink that {@code run} and {@code sink} start with these options. */
    private static SinkSettings settings(Options options, WarehouseUri warehouse) {
        return options.sink.settings(warehouse).withRawLayer(options.rawLayer.enabled());
    }

    @Test
    void bigQueryWritesEveryThirtySecondsByDefaultOtherWarehousesAtOnceAndAnExplicitIntervalWins() {
        WarehouseUri bigQuery = new WarehouseUri.BigQuery("proj", "ds", "daily_volume");
        WarehouseUri duckDb = new WarehouseUri.DuckDb(dir.resolve("daybook.duckdb"));

        assertThat(parse().sink.settings(bigQuery).writeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse().sink.settings(duckDb).writeInterval()).isZero();
        assertThat(parse().sink.settings(WarehouseUri.parse("print")).writeInterval())
                .isZero();
        assertThat(parse("--sink-write-interval", "0s").sink.settings(bigQuery).writeInterval())
                .isZero();
        assertThat(parse("--sink-write-interval", "1m").sink.settings(bigQuery).writeInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("--sink-write-interval", "5s").sink.settings(duckDb).writeInterval())
                .isEqualTo(Duration.ofSeconds(5));
        Options fromEnvironment = new Options();
        new CommandLine(fromEnvironment)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of("DAYBOOK_SINK_WRITE_INTERVAL", "45s")))
                .parseArgs();
        assertThat(fromEnvironment.sink.settings(bigQuery).writeInterval()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void takesTheClusterFromTheClientConfigWhenNoBootstrapServersAreGiven() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=from-file:9092\n");

        KafkaSettings settings = parse("--kafka-config", config.toString())
                .kafka
                .settings(() -> {
                    throw new AssertionError("the embedded broker must not start");
                });

        assertThat(settings.bootstrapServers()).isEqualTo("from-file:9092");
    }

    @Test
    void rejectsAnUnknownWarehouseInOneLine() {
        assertThatThrownBy(() -> parse("--warehouse", "mysql:db"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(
                        "unknown warehouse 'mysql:db': use duckdb:PATH, bigquery:PROJECT.DATASET.TABLE or print");
    }
}
