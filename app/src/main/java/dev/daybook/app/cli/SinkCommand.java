package dev.daybook.app.cli;

import dev.daybook.app.Daybook;
import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.ListenOptions;
import dev.daybook.app.http.SinkReadiness;
import dev.daybook.app.kafka.InstanceOptions;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.run.SinkThread;
import dev.daybook.app.run.TablePrinter;
import dev.daybook.app.sink.RawLayerOption;
import dev.daybook.app.sink.SinkOptions;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.WarehouseOptions;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.TopicCatalogue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code daybook sink}: the copy of daily-volume into the warehouse alone. */
@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook sink [OPTIONS]",
        description = "Runs the sink alone: copies the daily-volume topic into the warehouse, batched and guarded by"
                + " version. Instances with the same --sink-group-id share the work. Needs --bootstrap-servers. With"
                + " --warehouse print the table is printed as CSV whenever it changed. Serves health and metrics on --http-port."
                + " Stops cleanly on Ctrl-C or SIGTERM.")
public final class SinkCommand implements Callable<Integer> {

    @ParentCommand
    Daybook daybook;

    @Mixin
    StateDirOptions state;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    InstanceOptions instance;

    @Mixin
    SinkOptions sink;

    @Mixin
    RawLayerOption rawLayer;

    @Mixin
    WarehouseOptions warehouse;

    @Mixin
    PrintOptions print;

    @Mixin
    ListenOptions http;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        DaybookMetrics metrics = new DaybookMetrics();
        return Commands.runUntilStopped(state, kafka, "sink", (cluster, closer, signal) -> {
            TopicCatalogue topics = kafka.topics();
            WarehouseUri uri = warehouse.uri(state.root());
            Warehouse target = closer.add(warehouse.open(uri, daybook.out(), metrics.registry()));
            KafkaSettings settings = cluster.settings().withInstanceId(instance.instanceId(state.root()));
            SinkRunner runner = new SinkRunner(
                    settings,
                    topics,
                    sink.groupId(topics, uri),
                    target,
                    sink.settings(uri).withRawLayer(rawLayer.enabled()),
                    metrics);
            closer.start(
                    DaybookHttpServer.healthAndMetrics(
                            http.settings(), metrics, new SinkReadiness(runner::status, sink.stallTimeout())),
                    signal);
            closer.start(new SinkThread(runner), signal);
            if (target instanceof PrintWarehouse printed) {
                closer.add(new TablePrinter(printed::rows, daybook.out(), print.interval()))
                        .start();
            }
        });
    }
}
