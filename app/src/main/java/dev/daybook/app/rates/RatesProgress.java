package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a pass has done so far. */
final class RatesProgress {
    private final Set<Currency> lookedUp = new HashSet<>();
    private final Set<CoinDay> asked = new HashSet<>();
    int tokensPublished;
    int currenciesUnknown;
    int ratesPublished;
    int ratesUnavailable;
    /** Currencies this pass did not look up, having looked up {@code --rates-max-new-currencies} already. */
    int currenciesLeft;

    /**
     * The currencies of {@code waiting} to look up now: those this pass has not looked up, as long as it looks
     * up at most {@code max} in all. The others are counted in {@link #currenciesLeft}.
     */
    List<Currency> currenciesToLookUp(List<Currency> waiting, int max) {
        List<Currency> notLookedUp = waiting.stream()
                .filter(currency -> !lookedUp.contains(currency))
                .toList();
        int room = Math.max(0, max - lookedUp.size());
        List<Currency> now = notLookedUp.subList(0, Math.min(room, notLookedUp.size()));
        lookedUp.addAll(now);
        currenciesLeft = notLookedUp.size() - now.size();
        return now;
    }

    int currenciesLookedUp() {
        return lookedUp.size();
    }

    /** Removes the pairs this pass asked CoinGecko for already; the others count as asked from now on. */
    void removeAsked(Collection<CoinDay> pairs) {
        pairs.removeIf(pair -> !asked.add(pair));
    }

    RatesReport report(long deferred) {
        return new RatesReport(tokensPublished, currenciesUnknown, ratesPublished, ratesUnavailable, deferred);
    }
}
