package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.schemas.Token;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the rates service knows, from the {@code tokens}, {@code rates} and {@code rates-needs} topics and
 * from its own work, and what follows from it: which currencies to resolve and which (coin, day) pairs
 * to fetch now. Used by one thread.
 *
 * <p>A need is a (currency, day) that transactions have. It is settled once its currency is in
 * {@code tokens} and the (coin, day) in {@code rates}, or when CoinGecko said it cannot give one of them:
 * such a verdict is trusted for the recheck interval, then asked again. A pair whose price is not out yet
 * is deferred to a given time; a pair before the plan's history is left alone for the process's life
 * (asking costs nothing, so a restart with a better plan simply asks).
 */
final class RatesMemory {

    private final Duration recheck;

    private final Map<Currency, NavigableSet<LocalDate>> needs = new TreeMap<>();
    private final Map<Currency, String> symbols = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Set<String> rates = new HashSet<>();
    private final Map<String, NeedsRecord.UnknownCurrency> unknownCurrencies = new HashMap<>();
    private final Map<String, NeedsRecord.NoRate> noRates = new HashMap<>();
    private final Map<CoinDay, Instant> deferred = new HashMap<>();
    private final Set<CoinDay> beyondPlan = new HashSet<>();
    private LocalDate marketDay;
    private boolean changed;

    RatesMemory(Duration recheck) {
        this.recheck = recheck;
    }

    /** Records a need; true if it is new. */
    boolean need(NeedsRecord.Need need) {
        Currency currency = need.currency();
        if (need.symbol() != null && !need.symbol().isBlank()) {
            symbols.putIfAbsent(currency, need.symbol());
        }
        boolean added = needs.computeIfAbsent(currency, c -> new TreeSet<>()).add(need.day());
        changed |= added;
        return added;
    }

    /** A record of the tokens topic: {@code token} is {@code null} when deleted or unreadable. */
    void token(String key, Token token) {
        Token previous = token == null ? tokens.remove(key) : tokens.put(key, token);
        changed |= !Objects.equals(previous, token);
    }

    /** A record of the {@code rates} topic: whether the key has a (readable) rate. */
    void rate(String key, boolean present) {
        changed |= present ? rates.add(key) : rates.remove(key);
    }

    /**
     * A rate of the daily market snapshot: not the day's 00:00 UTC price, so a need still fetches that one
     * (and replaces it).
     */
    void marketRate(String key, LocalDate day) {
        rate(key, false);
        marketRate(day);
    }

    /** A market snapshot was taken on {@code day}, whether or not it published anything. */
    void marketRate(LocalDate day) {
        marketDay = marketDay == null || day.isAfter(marketDay) ? day : marketDay;
    }

    /** Whether {@code rates} holds the day's 00:00 UTC price of the pair (a market snapshot's rate does not count). */
    boolean hasPrice(String key) {
        return rates.contains(key);
    }

    /** The last UTC day a market snapshot was taken (or published a rate) on, if any. */
    Optional<LocalDate> marketDay() {
        return Optional.ofNullable(marketDay);
    }

    /** A record of the {@code rates-needs} topic; {@code null} when deleted or unreadable. */
    void needsRecord(String key, NeedsRecord record) {
        if (record instanceof NeedsRecord.Need need) {
            need(need);
        } else if (record instanceof NeedsRecord.UnknownCurrency unknown) {
            unknownCurrencies.put(key, unknown);
        } else if (record instanceof NeedsRecord.NoRate noRate) {
            noRates.put(key, noRate);
            deferred.remove(noRate.coinDay());
        } else {
            // A deleted verdict means: ask again. Needs are facts about transactions and stay.
            boolean wasUnknown = unknownCurrencies.remove(key) != null;
            boolean hadNoRate = noRates.remove(key) != null;
            changed |= wasUnknown || hadNoRate;
        }
    }

    /** A rate this service published. */
    void priced(CoinDay pair) {
        rates.add(pair.key());
        deferred.remove(pair);
    }

    void defer(CoinDay pair, Instant until) {
        deferred.put(pair, until);
    }

    /** Marks a pair as before the plan's history; true the first time, to report it once. */
    boolean beyondPlan(CoinDay pair) {
        return beyondPlan.add(pair);
    }

    /** The transactions' symbol of a currency, if they gave one. */
    String symbol(Currency currency) {
        return symbols.get(currency);
    }

    int daysNeeded(Currency currency) {
        NavigableSet<LocalDate> days = needs.get(currency);
        return days == null ? 0 : days.size();
    }

    /** Whether anything that may change what there is to do happened since the last call. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** Needed currencies that {@code tokens} lacks and CoinGecko was not asked about within the recheck interval. */
    List<Currency> currenciesToResolve(Instant now) {
        return needs.keySet().stream()
                .filter(currency -> !tokens.containsKey(currency.tokenKey()))
                .filter(currency -> !isFresh(unknownCurrencies.get(NeedsRecord.UnknownCurrency.keyOf(currency)), now))
                .toList();
    }

    /** Needed (coin, day) pairs that {@code rates} lacks and that may be asked for now. */
    NavigableSet<CoinDay> ratesToFetch(Instant now) {
        NavigableSet<CoinDay> due = new TreeSet<>();
        unpriced(now).forEach(pair -> {
            Instant until = deferred.get(pair);
            if (until == null || !until.isAfter(now)) {
                due.add(pair);
            }
        });
        return due;
    }

    /** Needed (coin, day) pairs without a rate that CoinGecko may still price, deferred ones included. */
    long pendingRates(Instant now) {
        return unpriced(now).count();
    }

    /** Needed currencies that are neither in {@code tokens} nor known to be unknown to CoinGecko. */
    long pendingCurrencies(Instant now) {
        return currenciesToResolve(now).size();
    }

    /** Pending pairs that wait for their deferral to end. */
    long deferredRates(Instant now) {
        return unpriced(now)
                .filter(pair -> deferred.getOrDefault(pair, Instant.MIN).isAfter(now))
                .count();
    }

    /** The next time after {@code now} at which a deferral or a verdict ends. */
    Optional<Instant> nextDue(Instant now) {
        Stream<Instant> deferrals = deferred.values().stream();
        Stream<Instant> rechecks = Stream.<NeedsRecord.Verdict>concat(
                        unknownCurrencies.values().stream(), noRates.values().stream())
                .map(verdict -> verdict.reportedAt().plus(recheck));
        return Stream.concat(deferrals, rechecks).filter(at -> at.isAfter(now)).min(Instant::compareTo);
    }

    private Stream<CoinDay> unpriced(Instant now) {
        List<CoinDay> pairs = new ArrayList<>();
        needs.forEach((currency, days) -> {
            Token token = tokens.get(currency.tokenKey());
            if (token == null) {
                return;
            }
            for (LocalDate day : days) {
                CoinDay pair = new CoinDay(token.coinId(), day);
                if (!rates.contains(pair.key())
                        && !beyondPlan.contains(pair)
                        && !isFresh(noRates.get(NeedsRecord.NoRate.keyOf(pair)), now)) {
                    pairs.add(pair);
                }
            }
        });
        return pairs.stream().distinct();
    }

    /** Whether a verdict (null: none) still holds. */
    private boolean isFresh(NeedsRecord.Verdict verdict, Instant now) {
        return verdict != null && verdict.reportedAt().plus(recheck).isAfter(now);
    }
}
