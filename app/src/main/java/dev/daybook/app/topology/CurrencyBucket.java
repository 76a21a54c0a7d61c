package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Token;
import java.time.LocalDate;

/**
 * A bucket joined to its currency. {@code decimals} and {@code coinId} are null while the token is
 * unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CurrencyBucket(
        @JsonProperty("b") Bucket bucket,
        @JsonProperty("s") Integer decimals,
        @JsonProperty("c") String coinId) {

    static CurrencyBucket of(Bucket bucket, Token token) {
        return token == null
                ? new CurrencyBucket(bucket, null, null)
                : new CurrencyBucket(bucket, token.decimals(), token.coinId());
    }

    /** Foreign key into the {@code rates} table, or null while the token, hence the coin, is unknown. */
    String rateKey(LocalDate day) {
        return coinId == null ? null : Keys.rate(coinId, day);
    }
}
