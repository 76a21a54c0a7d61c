package dev.daybook.connectors.rates.coingecko;

/**
 * A CoinGecko call that failed. The message is one line, names the call but never the API key.
 * {@link #transientFailure()} says whether the same call may succeed later (CoinGecko throttled or failed
 * on every attempt); otherwise the request or the configuration is wrong.
 */
public class CoinGeckoException extends Exception {

    private final boolean transientFailure;

    public CoinGeckoException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
