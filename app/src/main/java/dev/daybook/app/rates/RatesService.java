package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.connectors.rates.coingecko.CoinGeckoClient;
import dev.daybook.connectors.rates.coingecko.CoinGeckoException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMarkets;
import dev.daybook.connectors.rates.coingecko.CoinGeckoRates;
import dev.daybook.connectors.rates.coingecko.CoinGeckoTokens;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches, on demand, the rates that transactions need: every (coin, day) that {@code transactions} needs
 * and {@code rates} lacks is fetched from CoinGecko and published to {@code rates}; every currency
 * {@code tokens} lacks is resolved through CoinGecko and published to {@code tokens}, which prices its
 * past transactions too (the topology's foreign-key joins re-fire).
 *
 * <ul>
 *   <li><b>What is needed</b>: {@code transactions} are read as consumer group {@link RatesSettings#groupId()}
 *       (committed records only); each (currency, day) not seen before is written to {@code rates-needs}
 *       before the offsets are committed, so no need is lost to a crash.</li>
 *   <li><b>What is known</b>: {@code tokens}, {@code rates} and {@code rates-needs} are read whole at start
 *       and followed. A rate in {@code rates} is never fetched again, whoever wrote it.</li>
 *   <li><b>What cannot be known</b>: a currency CoinGecko does not know, or a day it has no price for, is
 *       logged once, counted and written to {@code rates-needs}; it is asked about again only after
 *       {@link RatesSettings#recheck()}. A day before the plan's history is reported once per process.</li>
 *   <li><b>Not yet</b>: a day whose price CoinGecko has not published is asked for again at the time the
 *       client names.</li>
 * </ul>
 *
 * <p>With {@link RatesSettings#marketCoins()}, it also keeps the top coins by market cap in {@code rates}, once a
 * UTC day ({@link MarketCoins}).
 *
 * <p>Calls are batched: all the days a coin lacks cost one call ({@link CoinGeckoRates#plan}). CoinGecko
 * refusing the key or plan, or answering in a way the client cannot use, stops the service with a
 * {@link RatesFailedException}; a call that failed on every attempt is tried again after
 * {@link RatesSettings#retryBackoff()} (continuously) or fails {@link #runOnce()}.
 *
 * <p>The caller owns the CoinGecko client. {@link #run()}, {@link #start} and {@link #runOnce()} work on
 * one thread at a time; {@link #close()} may be called from any thread. Run one service per deployment:
 * instances do not share out the work.
 */
public final class RatesService implements Service {

    private static final Logger log = LoggerFactory.getLogger(RatesService.class);

    /** How long to wait for transactions when there is nothing else to do. */
    static final Duration POLL = Duration.ofMillis(500);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RatesSettings settings;
    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final RatesMetrics metrics;
    private final Clock clock;
    private final RatesMemory memory;
    private final RatesWorker worker = new RatesWorker(CLOSE_TIMEOUT);
    private final CoinGeckoCalls coinGecko;
    private final MarketCoins marketCoins;
    private volatile RatesClients clients;

    public RatesService(
            RatesSettings settings,
            KafkaSettings kafka,
            TopicCatalogue topics,
            CoinGeckoClient client,
            MeterRegistry registry) {
        this(settings, kafka, topics, client, registry, Clock.systemUTC());
    }

    RatesService(
            RatesSettings settings,
            KafkaSettings kafka,
            TopicCatalogue topics,
            CoinGeckoClient client,
            MeterRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.topics = topics;
        this.metrics = new RatesMetrics(registry);
        this.clock = clock;
        this.memory = new RatesMemory(settings.recheck());
        this.coinGecko = new CoinGeckoCalls(
                new CoinGeckoRates(client), new CoinGeckoTokens(client), new CoinGeckoMarkets(client), worker::closing);
        this.marketCoins = new MarketCoins(settings, memory, metrics, clock, coinGecko);
    }

    /**
     * Reads the transactions committed so far and fetches everything they need that is not deferred, then
     * returns; may be called again. A (coin, day) whose price is not published yet is left for a later
     * run (see {@link RatesReport#ratesDeferred()}).
     *
     * @throws RatesFailedException when CoinGecko or Kafka fails; what was read is kept for the next run
     */
    public RatesReport runOnce() throws RatesFailedException {
        if (!worker.claim(false)) {
            throw new IllegalStateException("the rates service is closed");
        }
        try {
            RatesClients open = open();
            open.references.catchUp(worker::closing);
            open.transactions.catchUp(worker::closing);
            RatesPass pass = newPass(open);
            while (pass.settle()) {
                // Another round for what the last one revealed, e.g. needs that arrived meanwhile.
            }
            pass.deferCurrencies();
            if (marketCoins.due()) {
                marketCoins.take(open.publisher);
            }
            open.publisher.flush();
            updatePending();
            if (worker.closing()) {
                throw new RatesFailedException("the rates service was stopped before it fetched every rate", null);
            }
            RatesReport report = pass.report(memory.deferredRates(clock.instant()));
            log.info(
                    "Rates: published {} tokens and {} rates; {} currencies and {} days stay unpriced; {} days deferred",
                    report.tokensPublished(),
                    report.ratesPublished(),
                    report.currenciesUnknown(),
                    report.ratesUnavailable(),
                    report.ratesDeferred());
            return report;
        } catch (CoinGeckoException e) {
            flushWhatWasFetched();
            throw failed(
                    e.transientFailure() ? e.getMessage() + "; the needs are kept for the next run" : e.getMessage(),
                    e);
        } catch (InterruptedException | InterruptException | WakeupException e) {
            throw failed("the rates service was stopped before it fetched every rate", e);
        } catch (KafkaException e) {
            throw failed(kafkaFailure(e), e);
        } finally {
            boolean interrupted = Thread.interrupted();
            if (clients != null) {
                clients.transactions.leave();
            }
            worker.release(interrupted);
        }
    }

    /**
     * Works continuously on the calling thread until {@link #close()}.
     *
     * @throws RatesFailedException when CoinGecko refuses the key or plan, answers unusably, or Kafka fails
     */
    public void run() throws RatesFailedException {
        if (!worker.claim(true)) {
            return;
        }
        try {
            RatesClients open = open();
            open.references.catchUp(worker::closing);
            open.transactions.join();
            log.info(
                    "The rates service is running: reading {} as group {}{}",
                    topics.transactions().name(),
                    settings.groupId(),
                    kafka.instanceId().map(id -> ", instance " + id).orElse(""));
            loop(open);
        } catch (CoinGeckoException e) {
            throw failed(e.getMessage(), e);
        } catch (InterruptedException | InterruptException | WakeupException e) {
            if (!worker.closing()) {
                throw failed("the rates service was interrupted", e);
            }
        } catch (KafkaException e) {
            throw failed(kafkaFailure(e), e);
        } finally {
            worker.release(Thread.interrupted());
            close();
        }
    }

    /** {@link #run()} on a new thread {@code daybook-rates}; the failure that stops it is told to {@code failures}. */
    @Override
    public void start(FailureListener failures) {
        new Thread(
                        () -> {
                            try {
                                run();
                            } catch (RatesFailedException | RuntimeException e) {
                                failures.failed(e.getMessage());
                            }
                        },
                        "daybook-rates")
                .start();
    }

    /** Stops the service, waiting for the working thread to finish, and closes its Kafka clients. */
    @Override
    public void close() {
        worker.stop(
                running -> {
                    RatesClients open = clients;
                    if (open != null) {
                        open.wakeup();
                    }
                    if (coinGecko.underway()) {
                        running.interrupt();
                    }
                },
                this::closeClients);
    }

    private void loop(RatesClients open) throws CoinGeckoException, InterruptedException {
        PassSchedule schedule = new PassSchedule(settings.retryBackoff());
        while (!worker.closing()) {
            int read = open.transactions.poll(POLL);
            open.references.poll(Duration.ZERO);
            Instant now = clock.instant();
            if (schedule.passNow(now, memory.takeChanged(), read)) {
                RatesPass pass = newPass(open);
                try {
                    pass.settle();
                    open.publisher.flush();
                    schedule.settled();
                } catch (CoinGeckoException e) {
                    if (!e.transientFailure()) {
                        throw e;
                    }
                    open.publisher.flush();
                    schedule.failed(now, clock.instant());
                    log.warn("{}; trying again in {}", e.getMessage(), settings.retryBackoff());
                }
                Instant passed = clock.instant();
                schedule.next(memory.nextDue(passed), pass.deferCurrencies(), passed);
                updatePending();
            }
            if (marketCoins.due()) {
                marketCoins.take(open.publisher);
                open.publisher.flush();
            }
        }
    }

    private RatesPass newPass(RatesClients open) {
        return new RatesPass(settings, memory, metrics, clock, coinGecko, open);
    }

    /** After a failed call: what was fetched before it is kept, if Kafka lets it. */
    private void flushWhatWasFetched() {
        try {
            clients.publisher.flush();
        } catch (KafkaException e) {
            log.warn("Could not write what was fetched before the failure: {}", e.getMessage());
        }
    }

    private void updatePending() {
        Instant now = clock.instant();
        metrics.pending(memory.pendingCurrencies(now), memory.pendingRates(now));
    }

    private RatesClients open() throws RatesFailedException {
        if (clients == null) {
            RatesClients created = new RatesClients(kafka, topics, settings, memory, metrics);
            try {
                created.open();
            } catch (RatesFailedException | RuntimeException e) {
                created.close();
                throw e;
            }
            clients = created;
        }
        return clients;
    }

    private void closeClients() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }

    private String kafkaFailure(KafkaException e) {
        return kafka.instanceId()
                .flatMap(id -> id.fencedOut(settings.groupId(), e))
                .orElse("Kafka failed: " + e.getMessage());
    }

    private RatesFailedException failed(String message, Throwable cause) {
        log.error("The rates service stopped: {}", message);
        return new RatesFailedException(message, cause);
    }
}
