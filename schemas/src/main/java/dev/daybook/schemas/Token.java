package dev.daybook.schemas;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A currency the marketplace settles in. Value of the compacted {@code tokens} topic, keyed by
 * {@link Keys#token(long, String)}.
 *
 * @param coinId CoinGecko's id of the coin whose USD price values this currency
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Token(String symbol, int decimals, String coinId) {

    public Token {
        Transaction.requireText(coinId, "coin_id");
        if (decimals < 0 || decimals > 77) {
            throw new IllegalArgumentException("decimals must be between 0 and 77: " + decimals);
        }
    }
}
