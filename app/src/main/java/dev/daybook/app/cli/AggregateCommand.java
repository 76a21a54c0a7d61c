package dev.daybook.app.cli;

import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.HttpOptions;
import dev.daybook.app.http.Readiness;
import dev.daybook.app.kafka.InstanceOptions;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.run.Aggregation;
import dev.daybook.app.topology.TopologyOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code daybook aggregate}: the Kafka Streams application alone, for a deployment of separate parts. */
@Command(
        name = "aggregate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook aggregate [OPTIONS]",
        description =
                "Runs the aggregation alone: the Kafka Streams application that turns transactions, tokens and rates"
                        + " into the daily-volume topic. Instances with the same --application-id share the work, and each"
                        + " answers the daily-volume API and serves the dashboard, health and metrics on --http-port. Needs"
                        + " --bootstrap-servers. Stops cleanly on Ctrl-C or SIGTERM.")
public final class AggregateCommand implements Callable<Integer> {

    @Mixin
    StateDirOptions state;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    InstanceOptions instance;

    @Mixin
    TopologyOptions topology;

    @Mixin
    HttpOptions httpOptions;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        DaybookMetrics metrics = new DaybookMetrics();
        return Commands.runUntilStopped(state, kafka, "aggregate", (cluster, closer, signal) -> {
            DaybookHttpServer http = closer.start(DaybookHttpServer.api(httpOptions.settings(), metrics), signal);
            KafkaSettings settings = cluster.settings().withInstanceId(instance.instanceId(state.root()));
            Aggregation aggregation = new Aggregation(
                    settings,
                    topology.dailyVolumeConfig(kafka.topics()),
                    topology.streamsSettings(kafka.topics(), state.streams(), kafka.replicationFactor()),
                    metrics,
                    http.applicationServer());
            http.serve(
                    aggregation.store(), aggregation.currencyStore(), Readiness.streams(aggregation.streams()::state));
            closer.start(aggregation, signal);
        });
    }
}
