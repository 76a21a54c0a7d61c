package dev.daybook.app.rates;

/**
 * What one {@link RatesService#runOnce()} did.
 *
 * @param tokensPublished   currencies resolved through CoinGecko and published to {@code tokens}
 * @param currenciesUnknown currencies CoinGecko does not know (reported, they stay unpriced)
 * @param ratesPublished    (coin, day) rates published to {@code rates}
 * @param ratesUnavailable  (coin, day) pairs CoinGecko has, or the plan gives, no price for (reported, they stay unpriced)
 * @param ratesDeferred     (coin, day) pairs whose price is not published yet: asked for again later
 */
public record RatesReport(
        int tokensPublished, int currenciesUnknown, int ratesPublished, int ratesUnavailable, long ratesDeferred) {}
