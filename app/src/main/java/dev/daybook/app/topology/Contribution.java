package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.daybook.schemas.Rate;
import java.math.BigDecimal;

/**
 * What one bucket adds to its day's row: its transactions, their USD value, how many are unpriced, and the
 * event time of the newest of them.
 */
record Contribution(
        @JsonProperty("n") long count,
        @JsonProperty("v") BigDecimal usd,
        @JsonProperty("u") long unpriced,
        @JsonProperty("t") long newest) {

    /** Values the bucket when both its token and its day's rate are known; otherwise all of it is unpriced. */
    static Contribution of(CurrencyBucket currencyBucket, Rate rate) {
        Bucket bucket = currencyBucket.bucket();
        if (currencyBucket.decimals() == null || rate == null) {
            return new Contribution(bucket.count(), BigDecimal.ZERO, bucket.count(), bucket.newest());
        }
        return new Contribution(
                bucket.count(), bucket.amount(currencyBucket.decimals()).multiply(rate.usd()), 0, bucket.newest());
    }
}
