package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.connectors.rates.coingecko.CoinGeckoException;
import dev.daybook.connectors.rates.coingecko.RateBatch;
import dev.daybook.connectors.rates.coingecko.RatePlan;
import dev.daybook.connectors.rates.coingecko.RateRequest;
import dev.daybook.connectors.rates.coingecko.TokenResolution;
import dev.daybook.schemas.Token;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over what transactions need (a {@link RatesService#runOnce()}, or one round of the continuous
 * service): resolves the currencies {@code tokens} lacks, at most {@link RatesSettings#maxNewCurrencies()}
 * of them, and fetches the (coin, day) rates that are due, publishing each result and verdict as it comes.
 */
final class RatesPass {

    private static final Logger log = LoggerFactory.getLogger(RatesPass.class);

    private final RatesSettings settings;
    private final RatesMemory memory;
    private final RatesMetrics metrics;
    private final Clock clock;
    private final CoinGeckoCalls coinGecko;
    private final RatesClients clients;
    private final RatesProgress progress = new RatesProgress();

    RatesPass(
            RatesSettings settings,
            RatesMemory memory,
            RatesMetrics metrics,
            Clock clock,
            CoinGeckoCalls coinGecko,
            RatesClients clients) {
        this.settings = settings;
        this.memory = memory;
        this.metrics = metrics;
        this.clock = clock;
        this.coinGecko = coinGecko;
        this.clients = clients;
    }

    /**
     * Resolves the currencies and fetches the rates that are due. What this pass already asked CoinGecko about
     * is not asked again.
     *
     * @return whether there was anything to do
     */
    boolean settle() throws CoinGeckoException, InterruptedException {
        List<Currency> currencies =
                progress.currenciesToLookUp(memory.currenciesToResolve(clock.instant()), settings.maxNewCurrencies());
        for (Currency currency : currencies) {
            resolve(currency);
        }
        NavigableSet<CoinDay> missing = memory.ratesToFetch(clock.instant());
        progress.removeAsked(missing);
        if (missing.isEmpty()) {
            return !currencies.isEmpty();
        }
        RatePlan plan = coinGecko.plan(missing);
        if (plan.calls() > 0) {
            log.info(
                    "Fetching {} rates from CoinGecko in {} calls (one per coin)",
                    plan.pending() - plan.deferred().size(),
                    plan.calls());
        }
        reportBeyondPlan(plan.unavailable());
        plan.deferred().forEach(memory::defer);
        for (RateRequest request : plan.requests()) {
            RateBatch batch = coinGecko.fetch(request);
            batch.rates().forEach((pair, rate) -> {
                clients.publisher.rate(pair, rate);
                memory.priced(pair);
            });
            metrics.ratesPublished(batch.rates().size());
            progress.ratesPublished += batch.rates().size();
            reportNoRates(request.coinId(), batch.unavailable());
            batch.deferred().forEach(memory::defer);
            keepAlive();
        }
        return true;
    }

    /** Counts and logs the currencies this pass left for the next; whether there were any. */
    boolean deferCurrencies() {
        if (progress.currenciesLeft == 0) {
            return false;
        }
        metrics.currenciesDeferred(progress.currenciesLeft);
        log.info(
                "Looked up {} new currencies on CoinGecko (--rates-max-new-currencies); {} more wait for the next pass",
                progress.currenciesLookedUp(),
                progress.currenciesLeft);
        return true;
    }

    RatesReport report(long ratesDeferred) {
        return progress.report(ratesDeferred);
    }

    private void resolve(Currency currency) throws CoinGeckoException, InterruptedException {
        TokenResolution resolution = coinGecko.resolve(currency);
        String symbol = memory.symbol(currency);
        if (resolution instanceof TokenResolution.Known known) {
            Token token = known.token().symbol() == null && symbol != null
                    ? new Token(
                            symbol,
                            known.token().decimals(),
                            known.token().coinId(),
                            known.token().name())
                    : known.token();
            clients.publisher.token(currency, token);
            memory.token(currency.tokenKey(), token);
            metrics.tokenPublished();
            progress.tokensPublished++;
            log.info(
                    "Currency {} ({}) is CoinGecko's {} with {} decimals",
                    currency,
                    token.symbol(),
                    token.coinId(),
                    token.decimals());
        } else if (resolution instanceof TokenResolution.Unknown unknown) {
            NeedsRecord.UnknownCurrency verdict = new NeedsRecord.UnknownCurrency(
                    currency.chainId(), currency.address(), symbol, unknown.reason(), clock.instant());
            clients.publisher.needsRecord(verdict);
            memory.needsRecord(verdict.key(), verdict);
            metrics.unknownCurrency();
            progress.currenciesUnknown++;
            log.warn(
                    "Currency {} ({}) stays unpriced on {} day(s): {}; asked again after {}",
                    currency,
                    symbol,
                    memory.daysNeeded(currency),
                    unknown.reason(),
                    settings.recheck());
        }
        keepAlive();
    }

    /** Days no call can price on this plan: reported once per process, not remembered (a better plan asks). */
    private void reportBeyondPlan(Map<CoinDay, String> unavailable) {
        Map<String, List<CoinDay>> byCoin = new TreeMap<>();
        for (CoinDay pair : unavailable.keySet()) {
            if (memory.beyondPlan(pair)) {
                byCoin.computeIfAbsent(pair.coinId(), coin -> new ArrayList<>()).add(pair);
            }
        }
        byCoin.forEach((coin, pairs) -> {
            log.warn(
                    "{} day(s) of {} ({} to {}) stay unpriced: {}",
                    pairs.size(),
                    coin,
                    pairs.get(0).day(),
                    pairs.get(pairs.size() - 1).day(),
                    unavailable.get(pairs.get(0)));
            metrics.unavailableRates(pairs.size());
            progress.ratesUnavailable += pairs.size();
        });
    }

    /** Days CoinGecko has no price for: reported once, remembered in {@code rates-needs}. */
    private void reportNoRates(String coin, Map<CoinDay, String> unavailable) {
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
        log.warn(
                "{} day(s) of {} ({} to {}) stay unpriced: {}; asked again after {}",
                days.size(),
                coin,
                days.get(0),
                days.get(days.size() - 1),
                unavailable.values().iterator().next(),
                settings.recheck());
        metrics.unavailableRates(unavailable.size());
        progress.ratesUnavailable += unavailable.size();
    }

    /** Between calls: keeps the consumer group membership and learns new needs and rates. */
    private void keepAlive() {
        clients.transactions.poll(Duration.ZERO);
        clients.references.poll(Duration.ZERO);
    }
}
