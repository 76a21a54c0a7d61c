package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.connectors.rates.coingecko.CoinGeckoException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoMarkets;
import dev.daybook.connectors.rates.coingecko.CoinGeckoRates;
import dev.daybook.connectors.rates.coingecko.CoinGeckoTokens;
import dev.daybook.connectors.rates.coingecko.MarketSnapshot;
import dev.daybook.connectors.rates.coingecko.RateBatch;
import dev.daybook.connectors.rates.coingecko.RatePlan;
import dev.daybook.connectors.rates.coingecko.RateRequest;
import dev.daybook.connectors.rates.coingecko.TokenResolution;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * The rates service's calls to CoinGecko. None starts once the service is closing; one under way ends
 * when its thread is interrupted, which {@link #underway()} tells the closing thread to do (a Kafka client
 * would take an interrupt as a failure, so the worker is interrupted only during a call).
 */
final class CoinGeckoCalls {

    private final CoinGeckoRates rates;
    private final CoinGeckoTokens tokens;
    private final CoinGeckoMarkets markets;
    private final BooleanSupplier closing;
    private volatile boolean underway;

    CoinGeckoCalls(CoinGeckoRates rates, CoinGeckoTokens tokens, CoinGeckoMarkets markets, BooleanSupplier closing) {
        this.rates = rates;
        this.tokens = tokens;
        this.markets = markets;
        this.closing = closing;
    }

    /** How to fetch {@code needed}: no call, see {@link CoinGeckoRates#plan}. */
    RatePlan plan(Collection<CoinDay> needed) {
        return rates.plan(needed);
    }

    RateBatch fetch(RateRequest request) throws CoinGeckoException, InterruptedException {
        return call(() -> rates.fetch(request));
    }

    TokenResolution resolve(Currency currency) throws CoinGeckoException, InterruptedException {
        return call(() -> tokens.resolve(currency.chainId(), currency.address()));
    }

    MarketSnapshot topCoins(int count) throws CoinGeckoException, InterruptedException {
        return call(() -> markets.top(count));
    }

    /** Whether a call is under way: the thread making it may be interrupted to end it. */
    boolean underway() {
        return underway;
    }

    private <T> T call(Call<T> call) throws CoinGeckoException, InterruptedException {
        underway = true;
        try {
            if (closing.getAsBoolean()) {
                throw new InterruptedException("the rates service is closing");
            }
            return call.call();
        } finally {
            underway = false;
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws CoinGeckoException, InterruptedException;
    }
}
