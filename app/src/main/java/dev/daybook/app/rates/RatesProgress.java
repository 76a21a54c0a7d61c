package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import java.util.HashSet;
import java.util.Set;

/** What a run has done so far. */
final class RatesProgress {
    final Set<Currency> resolved = new HashSet<>();
    final Set<CoinDay> asked = new HashSet<>();
    int tokensPublished;
    int currenciesUnknown;
    int ratesPublished;
    int ratesUnavailable;
    /** Currencies this pass did not look up, having looked up {@code --rates-max-new-currencies} already. */
    int currenciesLeft;

    RatesReport report(long deferred) {
        return new RatesReport(tokensPublished, currenciesUnknown, ratesPublished, ratesUnavailable, deferred);
    }
}
