package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A currency the marketplace settles in. Value of the compacted {@code tokens} topic, keyed by
 * {@link Keys#token(long, String)}.
 *
 * @param coinId CoinGecko's id of the coin whose USD price values this currency
 * @param name   the currency's name, e.g. {@code USD Coin}; null when its source has none (omitted from the record, so
 *     a token without a name is written byte for byte as before the field existed)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Token(
        String symbol,
        int decimals,
        String coinId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name) {

    public Token {
        Transaction.requireText(coinId, "coin_id");
        if (decimals < 0 || decimals > 77) {
            throw new IllegalArgumentException("decimals must be between 0 and 77: " + decimals);
        }
    }

    /** A currency without a name. */
    public Token(String symbol, int decimals, String coinId) {
        this(symbol, decimals, coinId, null);
    }
}
