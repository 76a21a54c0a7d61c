package dev.daybook.app.cli;

import dev.daybook.app.Daybook;
import dev.daybook.app.cli.options.CoinGeckoOptions;
import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.app.cli.options.GcsOptions;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.HttpOptions;
import dev.daybook.app.http.Readiness;
import dev.daybook.app.http.SinkReadiness;
import dev.daybook.app.ingest.IngestOptions;
import dev.daybook.app.ingest.IngestStats;
import dev.daybook.app.ingest.Ingester;
import dev.daybook.app.kafka.InstanceOptions;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.progress.ProgressReporter;
import dev.daybook.app.rates.RatesFailedException;
import dev.daybook.app.rates.RatesOptions;
import dev.daybook.app.rates.RatesService;
import dev.daybook.app.run.Aggregation;
import dev.daybook.app.run.AggregationProgress;
import dev.daybook.app.run.Closer;
import dev.daybook.app.run.Cluster;
import dev.daybook.app.run.DailyVolumeReader;
import dev.daybook.app.run.Demo;
import dev.daybook.app.run.FatalErrors;
import dev.daybook.app.run.FreeSpaceWatch;
import dev.daybook.app.run.LiveDemo;
import dev.daybook.app.run.MinFreeSpace;
import dev.daybook.app.run.OnceTask;
import dev.daybook.app.run.PipelineTotals;
import dev.daybook.app.run.ReferencePublisher;
import dev.daybook.app.run.RunSummary;
import dev.daybook.app.run.ShutdownHook;
import dev.daybook.app.run.SinkThread;
import dev.daybook.app.run.StateDirSpace;
import dev.daybook.app.run.StopSignal;
import dev.daybook.app.run.TablePrinter;
import dev.daybook.app.sink.RawLayerOption;
import dev.daybook.app.sink.SinkFailedException;
import dev.daybook.app.sink.SinkOptions;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.sink.SinkSettings;
import dev.daybook.app.sink.WarehouseOptions;
import dev.daybook.app.topology.TopologyOptions;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.connectors.warehouse.DailyVolumeCsv;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code daybook run}: the whole pipeline in one process; without arguments, the demo. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook run [OPTIONS]",
        description = {
            "Runs the whole pipeline in one process: an embedded Kafka broker (unless --bootstrap-servers),"
                    + " the topics, the reference data, the aggregation, the ingester and the sink. Prints the table as CSV"
                    + " on standard output whenever it changed, and continues where it stopped when started again on the"
                    + " same --state-dir. Stops cleanly on Ctrl-C or SIGTERM.",
            "Without --source it runs the demo: generated sample data in <state-dir>/demo/events (drop more files"
                    + " there), the bundled tokens and demo rates, DuckDB.",
            "While it runs, the HTTP server (--http-port) serves the dashboard, the daily-volume API, health and metrics.",
            "With --once it processes the files there are, waits until every row is in the warehouse, prints the"
                    + " table and, as the last line on standard error, a JSON summary, then exits."
        })
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    Daybook daybook;

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOptions state;

    @Mixin
    SourceOptions source;

    @Mixin
    GcsOptions gcs;

    @Mixin
    IngestOptions ingest;

    @Mixin
    ReferenceOptions reference;

    @Mixin
    CoinGeckoOptions coinGecko;

    @Mixin
    RatesOptions ratesOptions;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    InstanceOptions instance;

    @Mixin
    TopologyOptions topology;

    @Mixin
    SinkOptions sink;

    @Mixin
    RawLayerOption rawLayer;

    @Mixin
    WarehouseOptions warehouse;

    @Mixin
    PrintOptions print;

    @Mixin
    HttpOptions httpOptions;

    @Mixin
    ProgressOptions progress;

    @Mixin
    LogOptions logOptions;

    @Option(
            names = "--once",
            defaultValue = "false",
            description =
                    "Process the files there are now, wait until the warehouse has every row, print the table and a"
                            + " JSON summary, then exit (default: ${DEFAULT-VALUE}).")
    boolean once;

    @Option(
            names = "--demo-live-interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "In the demo (no --source, not --once), how often new transactions for today are added, with"
                    + " today's demo rates, so that the dashboard moves; 0s turns it off (default: ${DEFAULT-VALUE}).")
    Duration demoLiveInterval;

    @Option(
            names = "--print-table",
            negatable = true,
            fallbackValue = "true",
            defaultValue = "true",
            description = "Print the table as CSV on standard output; --warehouse print always does"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean printTable;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        MinFreeSpace freeSpace = state.requireFreeSpace();
        StateDirSpace space = new StateDirSpace(state.root());
        PrintWriter err = spec.commandLine().getErr();
        // a part that cannot write its files fails in its own words, the embedded broker by halting the process:
        // a full state directory is named as the one cause to fix
        FatalErrors.onKafkaHalt(
                err,
                reason -> spec.qualifiedName() + ": " + space.explain("the embedded Kafka broker stopped: " + reason));
        try {
            return runPipeline(err, freeSpace);
        } catch (Exception e) {
            if (space.full(e.getMessage())) {
                throw new Commands.CommandFailedException(space.message());
            }
            throw e;
        } finally {
            FatalErrors.resetKafkaHalt();
        }
    }

    /** The aggregation, started; with {@code http}, which then serves its store and the readiness of both. */
    private Aggregation startAggregation(
            Closer closer,
            StopSignal signal,
            KafkaSettings settings,
            TopicCatalogue topics,
            DaybookMetrics metrics,
            DaybookHttpServer http,
            SinkRunner sinkRunner) {
        Aggregation aggregation = new Aggregation(
                settings,
                topology.dailyVolumeConfig(topics),
                topology.streamsSettings(topics, state.streams(), kafka.replicationFactor()),
                metrics,
                http == null ? null : http.applicationServer());
        if (http != null) {
            http.serve(
                    aggregation.store(),
                    aggregation.currencyStore(),
                    Readiness.allOf(
                            Readiness.streams(aggregation.streams()::state),
                            new SinkReadiness(sinkRunner::status, sink.stallTimeout())));
        }
        closer.start(aggregation, signal);
        return aggregation;
    }

    private int runPipeline(PrintWriter err, MinFreeSpace freeSpace) throws Exception {
        long started = System.nanoTime();
        boolean demo = !source.isSet();
        Path demoEvents = null;
        if (demo) {
            demoEvents = Demo.prepare(state.demo());
            source.defaultTo(demoEvents.toUri().toString());
        }
        DaybookMetrics metrics = once ? DaybookMetrics.unexported() : new DaybookMetrics();
        StopSignal signal = new StopSignal();
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        OnceTask onceTask = null;
        try (ShutdownHook hook = ShutdownHook.install(signal);
                Closer closer = new Closer()) {
            closer.start(new FreeSpaceWatch(freeSpace), signal);
            Cluster cluster = closer.add(Cluster.configuredOrEmbedded(kafka, state.root()));
            KafkaSettings member = cluster.settings().withInstanceId(instance.instanceId(state.root()));
            KafkaSettings settings = once ? member.tunedToFinish() : member;
            TopicCatalogue topics = kafka.topics();
            cluster.setUpTopics(kafka.topicSetup(cluster.embedded()));
            Optional<RatesSpec> rates = reference.rates(demo);
            Reference referenceData = readReference(rates);

            WarehouseUri uri = warehouse.uri(state.root());
            Warehouse target = closer.add(warehouse.open(uri, daybook.out(), metrics.registry()));
            prepare(target, uri);
            // a batch run serves no HTTP: it would only hold a port for the moments it runs
            DaybookHttpServer http =
                    once ? null : closer.start(DaybookHttpServer.api(httpOptions.settings(), metrics), signal);
            SinkSettings sinkSettings = sink.settings(uri).withRawLayer(rawLayer.enabled());
            SinkRunner sinkRunner =
                    new SinkRunner(settings, topics, sink.groupId(topics, uri), target, sinkSettings, metrics);
            if (once) {
                closer.add(sinkRunner);
            } else {
                closer.start(new SinkThread(sinkRunner), signal);
            }
            Aggregation aggregation = startAggregation(closer, signal, settings, topics, metrics, http, sinkRunner);
            // after the aggregation's start, which returns at once, so that its first rebalance runs meanwhile;
            // before the ingester, which checks amounts with the tokens' decimals
            publishReference(settings, topics, rates, referenceData);
            RatesService ratesService = rates.orElse(null) instanceof RatesSpec.CoinGecko
                    ? ratesService(closer, settings, topics, metrics, signal)
                    : null;
            IngesterParts ingesting =
                    IngesterParts.open(closer, state, source, gcs, ingest, settings, topics, metrics.registry());
            Ingester ingester = ingesting.ingester();
            closer.add(metrics.bindIngester(ingester::stats));

            if (once) {
                closer.add(ingester);
                onceTask = OnceTask.start(
                        signal,
                        () -> summary.set(processOnce(
                                signal,
                                settings,
                                topics,
                                ingesting,
                                ratesService,
                                aggregation,
                                sinkRunner,
                                target,
                                started)));
            } else {
                closer.start(ingester, signal);
                if (demo && !demoLiveInterval.isZero()) {
                    LiveDemo.RatesTarget demoRates = rates.orElse(null) instanceof RatesSpec.Demo
                            ? new LiveDemo.RatesTarget(new ReferencePublisher(settings), topics.rates())
                            : null;
                    closer.start(new LiveDemo(demoEvents, demoLiveInterval, demoRates, Clock.systemUTC()), signal);
                }
                startTablePrinter(closer, settings, topics, target);
                log.info("Daybook is running: ingesting {} into {}; stop it with Ctrl-C", source.uri(), uri);
                log.info("Dashboard: {}", DaybookHttpServer.baseUrl(httpOptions.settings(), http.port()));
            }
            signal.await();
        } finally {
            if (onceTask != null) {
                onceTask.close();
            }
        }
        int exitCode = Commands.exitCode(signal);
        if (once) {
            if (summary.get() == null) {
                throw new Commands.CommandFailedException(
                        "stopped before every row was in the warehouse; run again to finish");
            }
            err.println(summary.get().toJson());
            err.flush();
        }
        return exitCode;
    }

    /**
     * Fails before anything is ingested when the warehouse cannot be used (a table of another shape, a file
     * that is no database); a transient failure is left to the sink, which retries.
     */
    private static void prepare(Warehouse target, WarehouseUri uri) throws WarehouseException {
        try {
            target.prepare();
        } catch (WarehouseException e) {
            if (!e.transientFailure()) {
                throw new WarehouseException("cannot use the warehouse " + uri + ": " + e.getMessage(), false, e);
            }
            log.warn("The warehouse {} is not available yet, the sink will retry: {}", uri, e.getMessage());
        }
    }

    /**
     * The CoinGecko client and the rates service, closed (in this order) before the parts started earlier; the
     * service is started unless the run is {@code --once}, which runs it once.
     */
    private RatesService ratesService(
            Closer closer, KafkaSettings settings, TopicCatalogue topics, DaybookMetrics metrics, StopSignal signal) {
        CoinGeckoClient client = closer.add(CoinGeckoClient.create(coinGecko.toConfig(), metrics.registry()));
        RatesService service =
                new RatesService(ratesOptions.settings(topics), settings, topics, client, metrics.registry());
        if (once) {
            return closer.add(service);
        }
        return closer.start(service, failure -> signal.failed("the rates service stopped: " + failure));
    }

    /** The tokens and the rates of a rates file, read before the parts start, so that a bad file stops the run at once. */
    private record Reference(Map<String, Token> tokens, Map<String, Rate> rates) {}

    private Reference readReference(Optional<RatesSpec> rates) throws Exception {
        Map<String, Token> tokens = new TreeMap<>();
        for (TokenRow row : reference.tokens()) {
            tokens.put(row.key(), row.token());
        }
        Map<String, Rate> values = new TreeMap<>();
        if (rates.isPresent() && !(rates.get() instanceof RatesSpec.CoinGecko)) {
            for (RateRow row : ReferenceOptions.read(rates.get())) {
                values.put(row.key(), row.rate());
            }
        }
        return new Reference(tokens, values);
    }

    private static void publishReference(
            KafkaSettings settings, TopicCatalogue topics, Optional<RatesSpec> rates, Reference data)
            throws InterruptedException {
        ReferencePublisher publisher = new ReferencePublisher(settings);
        publisher.publish(topics.tokens(), data.tokens(), Token::equals);
        if (rates.isEmpty()) {
            log.info(
                    "No --rates: transactions stay unpriced until their rates reach {}",
                    topics.rates().name());
            return;
        }
        if (rates.get() instanceof RatesSpec.CoinGecko) {
            return;
        }
        // the same figures from another file (another source) are no change: re-publishing them would re-price their
        // days
        publisher.publish(topics.rates(), data.rates(), Rate::sameFiguresAs);
    }

    /**
     * Ingests what is there, waits until the aggregation has consumed all of it and the sink has written all
     * of the aggregation's output, prints the table, and sums up this run and, for the whole table, all runs.
     *
     * @return the summary, or null when stopped first
     */
    private RunSummary processOnce(
            StopSignal signal,
            KafkaSettings settings,
            TopicCatalogue topics,
            IngesterParts ingesting,
            RatesService ratesService,
            Aggregation aggregation,
            SinkRunner sinkRunner,
            Warehouse target,
            long started)
            throws Exception {
        Ingester ingester = ingesting.ingester();
        IngestStats ingested;
        try (ProgressReporter reporter =
                progress.start("run", ingester::progress, spec.commandLine().getErr())) {
            ingested = ingester.runOnce();
        }
        log.info(
                "Ingested {}: {} objects, {} rows, {} transactions",
                source.uri(),
                ingested.objects(),
                ingested.rowsRead(),
                ingested.transactions());
        if (ratesService != null) {
            try {
                ratesService.runOnce();
            } catch (RatesFailedException e) {
                throw new RatesFailedException("the rates service stopped: " + e.getMessage(), e);
            }
        }
        if (!new AggregationProgress(settings, aggregation).awaitCaughtUp(signal)) {
            return null;
        }
        long duplicates = aggregation.duplicatesDropped();
        long aggregationDeadLetters = aggregation.deadLettered();
        try {
            if (!sinkRunner.runUntilCaughtUp()) {
                return null;
            }
        } catch (SinkFailedException e) {
            throw new SinkFailedException("the sink stopped: " + e.getMessage(), e);
        }
        List<DailyVolume> table = finalTable(settings, topics, target);
        long deadLettered = ingested.deadLettered()
                + aggregationDeadLetters
                + sinkRunner.status().deadLettered();
        RunSummary.Counts thisRun = new RunSummary.Counts(
                ingested.rowsRead(),
                ingested.transactions(),
                duplicates,
                ingested.skipped(),
                deadLettered,
                ingested.objects(),
                ingested.amountDisagreements(),
                ingested.amountUnchecked());
        return new RunSummary(
                PipelineTotals.read(settings, topics, ingesting.index(), table),
                thisRun,
                table.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<DailyVolume> finalTable(KafkaSettings settings, TopicCatalogue topics, Warehouse target)
            throws InterruptedException {
        PrintStream out = daybook.out();
        if (target instanceof PrintWarehouse printed) {
            printed.printTable();
            return printed.rows();
        }
        List<DailyVolume> rows;
        try (DailyVolumeReader reader = new DailyVolumeReader(settings, topics)) {
            reader.catchUp();
            rows = reader.rows();
        }
        if (printTable) {
            out.print(DailyVolumeCsv.render(rows));
            out.flush();
        }
        return rows;
    }

    private void startTablePrinter(Closer closer, KafkaSettings settings, TopicCatalogue topics, Warehouse target) {
        TablePrinter printer;
        if (target instanceof PrintWarehouse printed) {
            printer = new TablePrinter(printed::rows, daybook.out(), print.interval());
        } else if (printTable) {
            DailyVolumeReader reader = closer.add(new DailyVolumeReader(settings, topics));
            printer = new TablePrinter(
                    () -> {
                        reader.catchUp();
                        return reader.rows();
                    },
                    daybook.out(),
                    print.interval());
        } else {
            return;
        }
        closer.add(printer).start();
    }
}
