package dev.daybook.app.cli;

import dev.daybook.app.cli.options.GcsOptions;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.ListenOptions;
import dev.daybook.app.http.Readiness;
import dev.daybook.app.ingest.IngestOptions;
import dev.daybook.app.ingest.IngestStats;
import dev.daybook.app.ingest.Ingester;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.progress.ProgressReporter;
import dev.daybook.app.run.Closer;
import dev.daybook.app.run.Cluster;
import dev.daybook.app.run.OnceTask;
import dev.daybook.app.run.ShutdownHook;
import dev.daybook.app.run.StopSignal;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daybook ingest}: the ingester alone. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook ingest [OPTIONS]",
        description = "Runs the ingester alone: reads the Sequence files of --source (a directory or a GCS prefix) into"
                + " the transactions topic, exactly once, and keeps picking up new files, serving health and metrics on"
                + " --http-port. Needs --bootstrap-servers. Stops cleanly on Ctrl-C or SIGTERM.")
public final class IngestCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(IngestCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Mixin
    GcsOptions gcs;

    @Mixin
    IngestOptions ingest;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    StateDirOptions state;

    @Mixin
    ListenOptions http;

    @Option(
            names = "--once",
            defaultValue = "false",
            description = "Ingest the files there are now, then exit (default: ${DEFAULT-VALUE}).")
    boolean once;

    @Mixin
    ProgressOptions progress;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        state.requireFreeSpace();
        DaybookMetrics metrics = once ? DaybookMetrics.unexported() : new DaybookMetrics();
        StopSignal signal = new StopSignal();
        OnceTask onceTask = null;
        AtomicBoolean ingestedAll = new AtomicBoolean();
        try (ShutdownHook hook = ShutdownHook.install(signal);
                Closer closer = new Closer()) {
            Cluster cluster = closer.add(Cluster.configured(kafka, "ingest"));
            cluster.setUpTopics(kafka.topicSetup(false));
            KafkaSettings settings = once ? cluster.settings().tunedToFinish() : cluster.settings();
            Ingester ingester = IngesterParts.open(
                            closer, state, source, gcs, ingest, settings, kafka.topics(), metrics.registry())
                    .ingester();
            closer.add(metrics.bindIngester(ingester::stats));
            if (once) {
                closer.add(ingester);
                onceTask = OnceTask.start(signal, () -> {
                    IngestStats stats;
                    try (ProgressReporter reporter = progress.start(
                            "ingest", ingester::progress, spec.commandLine().getErr())) {
                        stats = ingester.runOnce();
                    }
                    log.info("Ingested {}: {}", source.uri(), stats);
                    ingestedAll.set(true);
                });
            } else {
                // a batch run serves no HTTP: it would only hold a port for the moments it runs
                closer.start(
                        DaybookHttpServer.healthAndMetrics(
                                http.settings(), metrics, Readiness.unlessFailed("the ingester", ingester::failure)),
                        signal);
                closer.start(ingester, signal);
            }
            signal.await();
        } finally {
            if (onceTask != null) {
                onceTask.close();
            }
        }
        int exitCode = Commands.exitCode(signal);
        if (once && !ingestedAll.get()) {
            throw new Commands.CommandFailedException("stopped before every file was ingested; run again to finish");
        }
        return exitCode;
    }
}
