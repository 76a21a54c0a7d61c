package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;

/**
 * The running totals of one {@link DayProject}, or of one {@link BucketKey}: the sum of its buckets' contributions. Every change,
 * adding or taking back a contribution, increments {@code version}, so a key's versions only grow.
 * {@code newest} is the event time (epoch ms) of the newest transaction ever counted; taking a contribution
 * back (to re-price it) leaves it alone, since no transaction leaves its bucket.
 */
record DailyTotals(
        @JsonProperty("n") long count,
        @JsonProperty("v") BigDecimal usd,
        @JsonProperty("u") long unpriced,
        @JsonProperty("w") long version,
        @JsonProperty("t") long newest) {

    static final DailyTotals EMPTY = new DailyTotals(0, BigDecimal.ZERO, 0, 0, Long.MIN_VALUE);

    DailyTotals plus(Contribution contribution) {
        return new DailyTotals(
                count + contribution.count(),
                usd.add(contribution.usd()),
                unpriced + contribution.unpriced(),
                version + 1,
                Math.max(newest, contribution.newest()));
    }

    DailyTotals minus(Contribution contribution) {
        return new DailyTotals(
                count - contribution.count(),
                usd.subtract(contribution.usd()),
                unpriced - contribution.unpriced(),
                version + 1,
                newest);
    }

    DailyVolume toDailyVolume(DayProject key) {
        return new DailyVolume(key.day(), key.projectId(), count, normalized(usd), unpriced, version);
    }

    DailyCurrencyVolume toDailyCurrencyVolume(BucketKey key) {
        return new DailyCurrencyVolume(
                key.day(),
                key.projectId(),
                key.chainId(),
                key.currencyAddress(),
                count,
                normalized(usd),
                unpriced,
                version);
    }

    /** The same number with no trailing zeros, so equal volumes read the same whatever their history. */
    private static BigDecimal normalized(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
