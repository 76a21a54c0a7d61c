package dev.daybook.app.rates;

import dev.daybook.app.cli.options.CoinGeckoOptions;
import dev.daybook.app.http.DaybookHttpServer;
import dev.daybook.app.http.ListenOptions;
import dev.daybook.app.http.Readiness;
import dev.daybook.app.kafka.InstanceOptions;
import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.run.Closer;
import dev.daybook.app.run.ShutdownHook;
import dev.daybook.app.run.StopSignal;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.rates.coingecko.CoinGeckoConfig;
import dev.daybook.schemas.TopicCatalogue;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code daybook rates}: the on-demand rates service alone, against the Kafka cluster a {@code daybook run}
 * uses (which creates the topics). Exit code 0 when stopped or done, 1 when the service failed (the reason
 * on one line on standard error), 2 for bad options.
 */
@Command(
        name = "rates",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook rates [OPTIONS]",
        description = {
            "Fetches from CoinGecko the daily USD rates that transactions need and the rates topic lacks,"
                    + " and resolves the currencies the tokens topic lacks, as transactions arrive.",
            "Needs a Kafka cluster (--bootstrap-servers). The API key is read from COINGECKO_API_KEY.",
            "Serves health and metrics on --http-port, except with --once."
        })
public final class RatesCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RatesCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    InstanceOptions instance;

    @Mixin
    CoinGeckoOptions coinGecko;

    @Mixin
    RatesOptions rates;

    @Mixin
    ListenOptions http;

    @Option(
            names = "--once",
            defaultValue = "false",
            description = "Fetch what the transactions committed so far need, then exit; rates not published yet"
                    + " by CoinGecko (today before 01:00 UTC) are left for the next run ("
                    + "default: ${DEFAULT-VALUE}).")
    boolean once;

    @Mixin
    LogOptions logOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        KafkaSettings member = kafka.settings(() -> {
                    throw new ParameterException(
                            spec.commandLine(),
                            "daybook rates needs a Kafka cluster: give --bootstrap-servers"
                                    + " or bootstrap.servers in --kafka-config");
                })
                .withInstanceId(instance.instanceId());
        KafkaSettings settings = once ? member.tunedToFinish() : member;
        TopicCatalogue topics = kafka.topics();
        CoinGeckoConfig config;
        RatesSettings ratesSettings;
        try {
            config = coinGecko.toConfig();
            ratesSettings = rates.settings(topics);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        log.info("Rates from {} for topics {}* on {}", config, topics.prefix(), settings);
        DaybookMetrics metrics = once ? DaybookMetrics.unexported() : new DaybookMetrics();
        try (CoinGeckoClient client = CoinGeckoClient.create(config, metrics.registry());
                RatesService service = new RatesService(ratesSettings, settings, topics, client, metrics.registry())) {
            if (once) {
                service.runOnce();
            } else {
                runUntilStopped(service, metrics);
            }
            return 0;
        } catch (RatesFailedException e) {
            spec.commandLine().getErr().println("daybook rates: " + e.getMessage());
            return 1;
        }
    }

    /** Serves health and metrics and runs the service until it fails or the process is asked to stop (Ctrl-C, SIGTERM). */
    private void runUntilStopped(RatesService service, DaybookMetrics metrics)
            throws InterruptedException, RatesFailedException {
        StopSignal signal = new StopSignal();
        try (ShutdownHook hook = ShutdownHook.install(signal);
                Closer closer = new Closer()) {
            // ready while it runs: a failed service ends the process
            closer.start(
                    DaybookHttpServer.healthAndMetrics(http.settings(), metrics, () -> Readiness.Health.READY), signal);
            closer.start(service, signal);
            signal.await();
        }
        if (signal.failure().isPresent()) {
            throw new RatesFailedException(signal.failure().get(), null);
        }
    }
}
