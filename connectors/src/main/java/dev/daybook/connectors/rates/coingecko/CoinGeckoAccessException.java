package dev.daybook.connectors.rates.coingecko;

import java.util.OptionalInt;

/**
 * CoinGecko refused the key or the plan (error codes 10002, 10005, 10010, 10011, 10012, or HTTP 401/403):
 * no retry helps, the operator must change the configuration. The message says what to change.
 */
public final class CoinGeckoAccessException extends CoinGeckoException {

    private final OptionalInt errorCode;

    public CoinGeckoAccessException(String message, OptionalInt errorCode) {
        super(message, false);
        this.errorCode = errorCode;
    }

    /** CoinGecko's own error code, e.g. 10011, when its answer had one. */
    public OptionalInt errorCode() {
        return errorCode;
    }
}
