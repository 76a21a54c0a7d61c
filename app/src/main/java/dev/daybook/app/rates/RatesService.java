package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.connectors.rates.coingecko.CoinGeckoException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoRates;
import dev.daybook.connectors.rates.coingecko.CoinGeckoTokens;
import dev.daybook.connectors.rates.coingecko.RateBatch;
import dev.daybook.connectors.rates.coingecko.RatePlan;
import dev.daybook.connectors.rates.coingecko.RateRequest;
import dev.daybook.connectors.rates.coingecko.TokenResolution;
import dev.daybook.schemas.Token;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
    /** While transactions keep coming, the longest a new need waits before it is fetched: batches calls. */
    static final Duration MAX_BATCH_WAIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RatesSettings settings;
    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final CoinGeckoRates rates;
    private final CoinGeckoTokens tokens;
    private final RatesMetrics metrics;
    private final Clock clock;
    private final RatesMemory memory;

    private final ReentrantLock working = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean calling;
    private volatile Thread worker;
    private boolean continuous;
    private volatile RatesClients clients;

    public RatesService(RatesSettings settings, KafkaSettings kafka, TopicCatalogue topics, CoinGeckoRates rates,
            CoinGeckoTokens tokens, MeterRegistry registry) {
        this(settings, kafka, topics, rates, tokens, registry, Clock.systemUTC());
    }

    RatesService(RatesSettings settings, KafkaSettings kafka, TopicCatalogue topics, CoinGeckoRates rates,
            CoinGeckoTokens tokens, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.topics = topics;
        this.rates = rates;
        this.tokens = tokens;
        this.metrics = new RatesMetrics(registry);
        this.clock = clock;
        this.memory = new RatesMemory(settings.recheck());
    }

    /**
     * Reads the transactions committed so far and fetches everything they need that is not deferred, then
     * returns; may be called again. A (coin, day) whose price is not published yet is left for a later
     * run (see {@link RatesReport#ratesDeferred()}).
     *
     * @throws RatesFailedException when CoinGecko or Kafka fails; what was read is kept for the next run
     */
    public RatesReport runOnce() throws RatesFailedException {
        if (!claim(false)) {
            throw new IllegalStateException("the rates service is closed");
        }
        try {
            RatesProgress progress = new RatesProgress();
            RatesClients open = open();
            open.references.catchUp(closing::get);
            open.transactions.catchUp(closing::get);
            while (settle(progress)) {
                // Another pass for what the last one revealed, e.g. needs that arrived meanwhile.
            }
            deferCurrencies(progress);
            open.publisher.flush();
            updatePending();
            if (closing.get()) {
                throw new RatesFailedException("the rates service was stopped before it fetched every rate", null);
            }
            RatesReport report = progress.report(memory.deferredRates(clock.instant()));
            log.info("Rates: published {} tokens and {} rates; {} currencies and {} days stay unpriced; {} days deferred",
                    report.tokensPublished(), report.ratesPublished(), report.currenciesUnknown(),
                    report.ratesUnavailable(), report.ratesDeferred());
            return report;
        } catch (CoinGeckoException e) {
            flushWhatWasFetched();
            throw failed(e.transientFailure() ? e.getMessage() + "; the needs are kept for the next run" : e.getMessage(), e);
        } catch (InterruptedException | InterruptException | WakeupException e) {
            throw failed("the rates service was stopped before it fetched every rate", e);
        } catch (KafkaException e) {
            throw failed(kafkaFailure(e), e);
        } finally {
            boolean interrupted = Thread.interrupted();
            if (clients != null) {
                clients.transactions.leave();
            }
            release(interrupted);
        }
    }

    /**
     * Works continuously on the calling thread until {@link #close()}.
     *
     * @throws RatesFailedException when CoinGecko refuses the key or plan, answers unusably, or Kafka fails
     */
    public void run() throws RatesFailedException {
        if (!claim(true)) {
            return;
        }
        try {
            RatesClients open = open();
            open.references.catchUp(closing::get);
            open.transactions.join();
            log.info("The rates service is running: reading {} as group {}{}", topics.transactions().name(), settings.groupId(),
                    kafka.instanceId().map(id -> ", instance " + id).orElse(""));
            loop(open);
        } catch (CoinGeckoException e) {
            throw failed(e.getMessage(), e);
        } catch (InterruptedException | InterruptException | WakeupException e) {
            if (!closing.get()) {
                throw failed("the rates service was interrupted", e);
            }
        } catch (KafkaException e) {
            throw failed(kafkaFailure(e), e);
        } finally {
            release(Thread.interrupted());
            close();
        }
    }

    /** {@link #run()} on a new thread {@code daybook-rates}; the failure that stops it is told to {@code failures}. */
    @Override
    public void start(FailureListener failures) {
        new Thread(() -> {
            try {
                run();
            } catch (RatesFailedException | RuntimeException e) {
                failures.failed(e.getMessage());
            }
        }, "daybook-rates").start();
    }

    /** Stops the service, waiting for the working thread to finish, and closes its Kafka clients. */
    @Override
    public void close() {
        closing.set(true);
        Thread running = worker;
        RatesClients open = clients;
        if (running != null && running != Thread.currentThread()) {
            if (open != null) {
                open.wakeup();
            }
            if (calling) {
                running.interrupt();
            }
        }
        try {
            if (!working.tryLock(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The rates service did not stop within {}", CLOSE_TIMEOUT);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (clients != null) {
                clients.close();
                clients = null;
            }
        } finally {
            working.unlock();
        }
    }

    private void loop(RatesClients open) throws CoinGeckoException, InterruptedException {
        Instant changedSince = null;
        Instant notBefore = Instant.MIN;
        Instant due = null;
        while (!closing.get()) {
            int read = open.transactions.poll(POLL);
            open.references.poll(Duration.ZERO);
            Instant now = clock.instant();
            if (memory.takeChanged() && changedSince == null) {
                changedSince = now;
            }
            boolean batchReady = changedSince != null && (read == 0 || !now.isBefore(changedSince.plus(MAX_BATCH_WAIT)));
            boolean dueNow = due != null && !now.isBefore(due);
            if ((batchReady || dueNow) && !now.isBefore(notBefore)) {
                RatesProgress progress = new RatesProgress();
                try {
                    settle(progress);
                    open.publisher.flush();
                    changedSince = null;
                    notBefore = Instant.MIN;
                } catch (CoinGeckoException e) {
                    if (!e.transientFailure()) {
                        throw e;
                    }
                    open.publisher.flush();
                    notBefore = clock.instant().plus(settings.retryBackoff());
                    changedSince = now;
                    log.warn("{}; trying again in {}", e.getMessage(), settings.retryBackoff());
                }
                due = memory.nextDue(clock.instant()).orElse(null);
                if (deferCurrencies(progress)) {
                    Instant nextPass = clock.instant().plus(MAX_BATCH_WAIT);
                    due = due == null || nextPass.isBefore(due) ? nextPass : due;
                }
                updatePending();
            }
        }
    }

    /**
     * Resolves the currencies and fetches the rates that are due, publishing each result as it comes. What
     * {@code progress} already asked CoinGecko about is not asked again.
     *
     * @return whether there was anything to do
     */
    private boolean settle(RatesProgress progress) throws CoinGeckoException, InterruptedException {
        List<Currency> waiting = memory.currenciesToResolve(clock.instant()).stream()
                .filter(currency -> !progress.resolved.contains(currency)).toList();
        int room = Math.max(0, settings.maxNewCurrencies() - progress.resolved.size());
        List<Currency> currencies = waiting.subList(0, Math.min(room, waiting.size()));
        progress.resolved.addAll(currencies);
        progress.currenciesLeft = waiting.size() - currencies.size();
        for (Currency currency : currencies) {
            resolve(currency, progress);
        }
        NavigableSet<CoinDay> missing = memory.ratesToFetch(clock.instant());
        missing.removeIf(pair -> !progress.asked.add(pair));
        if (missing.isEmpty()) {
            return !currencies.isEmpty();
        }
        RatePlan plan = rates.plan(missing);
        if (plan.calls() > 0) {
            log.info("Fetching {} rates from CoinGecko in {} calls (one per coin)",
                    plan.pending() - plan.deferred().size(), plan.calls());
        }
        reportBeyondPlan(plan.unavailable(), progress);
        plan.deferred().forEach(memory::defer);
        for (RateRequest request : plan.requests()) {
            RateBatch batch = call(() -> rates.fetch(request));
            batch.rates().forEach((pair, rate) -> {
                clients.publisher.rate(pair, rate);
                memory.priced(pair);
            });
            metrics.ratesPublished(batch.rates().size());
            progress.ratesPublished += batch.rates().size();
            reportNoRates(request.coinId(), batch.unavailable(), progress);
            batch.deferred().forEach(memory::defer);
            keepAlive();
        }
        return true;
    }

    /** Counts and logs the currencies a pass left for the next; whether there were any. */
    private boolean deferCurrencies(RatesProgress progress) {
        if (progress.currenciesLeft == 0) {
            return false;
        }
        metrics.currenciesDeferred(progress.currenciesLeft);
        log.info("Looked up {} new currencies on CoinGecko (--rates-max-new-currencies); {} more wait for the next pass",
                progress.resolved.size(), progress.currenciesLeft);
        return true;
    }

    private void resolve(Currency currency, RatesProgress progress) throws CoinGeckoException, InterruptedException {
        TokenResolution resolution = call(() -> tokens.resolve(currency.chainId(), currency.address()));
        String symbol = memory.symbol(currency);
        if (resolution instanceof TokenResolution.Known known) {
            Token token = known.token().symbol() == null && symbol != null
                    ? new Token(symbol, known.token().decimals(), known.token().coinId()) : known.token();
            clients.publisher.token(currency, token);
            memory.token(currency.tokenKey(), token);
            metrics.tokenPublished();
            progress.tokensPublished++;
            log.info("Currency {} ({}) is CoinGecko's {} with {} decimals", currency, token.symbol(), token.coinId(),
                    token.decimals());
        } else if (resolution instanceof TokenResolution.Unknown unknown) {
            NeedsRecord.UnknownCurrency verdict = new NeedsRecord.UnknownCurrency(currency.chainId(),
                    currency.address(), symbol, unknown.reason(), clock.instant());
            clients.publisher.needsRecord(verdict);
            memory.needsRecord(verdict.key(), verdict);
            metrics.unknownCurrency();
            progress.currenciesUnknown++;
            log.warn("Currency {} ({}) stays unpriced on {} day(s): {}; asked again after {}", currency, symbol,
                    memory.daysNeeded(currency), unknown.reason(), settings.recheck());
        }
        keepAlive();
    }

    /** Days no call can price on this plan: reported once per process, not remembered (a better plan asks). */
    private void reportBeyondPlan(Map<CoinDay, String> unavailable, RatesProgress progress) {
        Map<String, List<CoinDay>> byCoin = new TreeMap<>();
        for (CoinDay pair : unavailable.keySet()) {
            if (memory.beyondPlan(pair)) {
                byCoin.computeIfAbsent(pair.coinId(), coin -> new ArrayList<>()).add(pair);
            }
        }
        byCoin.forEach((coin, pairs) -> {
            log.warn("{} day(s) of {} ({} to {}) stay unpriced: {}", pairs.size(), coin, pairs.get(0).day(),
                    pairs.get(pairs.size() - 1).day(), unavailable.get(pairs.get(0)));
            metrics.unavailableRates(pairs.size());
            progress.ratesUnavailable += pairs.size();
        });
    }

    /** Days CoinGecko has no price for: reported once, remembered in {@code rates-needs}. */
    private void reportNoRates(String coin, Map<CoinDay, String> unavailable, RatesProgress progress) {
        if (unavailable.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        unavailable.forEach((pair, reason) -> {
            NeedsRecord.NoRate verdict = new NeedsRecord.NoRate(pair.coinId(), pair.day(), reason, now);
            clients.publisher.needsRecord(verdict);
            memory.needsRecord(verdict.key(), verdict);
        });
        List<LocalDate> days = unavailable.keySet().stream().map(CoinDay::day).toList();
        log.warn("{} day(s) of {} ({} to {}) stay unpriced: {}; asked again after {}", days.size(), coin, days.get(0),
                days.get(days.size() - 1), unavailable.values().iterator().next(), settings.recheck());
        metrics.unavailableRates(unavailable.size());
        progress.ratesUnavailable += unavailable.size();
    }

    /** Between calls: keeps the consumer group membership and learns new needs and rates. */
    private void keepAlive() {
        clients.transactions.poll(Duration.ZERO);
        clients.references.poll(Duration.ZERO);
    }

    /** After a failed call: what was fetched before it is kept, if Kafka lets it. */
    private void flushWhatWasFetched() {
        try {
            clients.publisher.flush();
        } catch (KafkaException e) {
            log.warn("Could not write what was fetched before the failure: {}", e.getMessage());
        }
    }

    private <T> T call(CoinGeckoCall<T> call) throws CoinGeckoException, InterruptedException {
        calling = true;
        try {
            if (closing.get()) {
                throw new InterruptedException("the rates service is closing");
            }
            return call.call();
        } finally {
            calling = false;
        }
    }

    private void updatePending() {
        Instant now = clock.instant();
        metrics.pending(memory.pendingCurrencies(now), memory.pendingRates(now));
    }

    /** @return false if the service is closed */
    private boolean claim(boolean forever) {
        if (!working.tryLock()) {
            throw new IllegalStateException("the rates service is already running");
        }
        if (continuous || closing.get()) {
            working.unlock();
            if (continuous) {
                throw new IllegalStateException("the rates service ran already");
            }
            return false;
        }
        continuous = forever;
        worker = Thread.currentThread();
        return true;
    }

    /**
     * @param interrupted whether the worker was interrupted: by {@link #close()} (meant for a CoinGecko call
     *                    that may just have ended, so forgotten), or by someone else (so kept)
     */
    private void release(boolean interrupted) {
        worker = null;
        working.unlock();
        if (interrupted && !closing.get()) {
            Thread.currentThread().interrupt();
        }
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

    private String kafkaFailure(KafkaException e) {
        return kafka.instanceId().flatMap(id -> id.fencedOut(settings.groupId(), e)).orElse("Kafka failed: " + e.getMessage());
    }

    private RatesFailedException failed(String message, Throwable cause) {
        log.error("The rates service stopped: {}", message);
        return new RatesFailedException(message, cause);
    }

    @FunctionalInterface
    private interface CoinGeckoCall<T> {
        T call() throws CoinGeckoException, InterruptedException;
    }
}
