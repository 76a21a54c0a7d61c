package dev.daybook.app.cli;

import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.progress.ProgressReporter;
import dev.daybook.app.run.Cluster;
import dev.daybook.app.run.Reset;
import dev.daybook.app.sink.SinkOptions;
import dev.daybook.app.sink.WarehouseOptions;
import dev.daybook.app.topology.TopologyOptions;
import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.warehouse.RetryingWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.TopicCatalogue;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code daybook reset}: wipe the aggregation so that the next start recomputes everything. */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook reset [OPTIONS]",
        description = "Wipes the aggregation's state so that the next start recomputes the table from the first"
                + " transaction: deletes the Streams application's consumer group, internal topics and local state,"
                + " empties the daily-volume topic, deletes the sink's consumer group and clears the warehouse table"
                + " (--warehouse; recomputed rows start again at version 1). Keeps transactions, tokens, rates, the"
                + " ingester's progress and the dead letters. Stop every Daybook using the application first.")
public final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOptions state;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopologyOptions topology;

    @Mixin
    SinkOptions sink;

    @Mixin
    WarehouseOptions warehouse;

    @Mixin
    ProgressOptions progress;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        // a reset is short, but its embedded broker writes there too
        state.requireFreeSpace();
        TopicCatalogue topics = kafka.topics();
        WarehouseUri uri = warehouse.uri(state.root());
        try (Cluster cluster = Cluster.configuredOrEmbedded(kafka, state.root());
                // clearing is retried as the sink retries writes: one policy, --sink-retries
                Warehouse target = new RetryingWarehouse(
                        warehouse.open(
                                uri,
                                new PrintStream(PrintStream.nullOutputStream()),
                                DaybookMetrics.unexported().registry()),
                        new Retry(sink.settings(uri).retryPolicy()))) {
            Reset reset = new Reset(
                    cluster.settings(),
                    topology.dailyVolumeConfig(topics),
                    topology.streamsSettings(kafka.topics(), state.streams(), kafka.replicationFactor()),
                    kafka.topicSetup(cluster.embedded()));
            try (ProgressReporter reporter =
                    progress.start("reset", reset::progress, spec.commandLine().getErr())) {
                reset.run(target.durable() ? sink.groupId(topics, uri) : null, target);
            }
        }
        return 0;
    }
}
