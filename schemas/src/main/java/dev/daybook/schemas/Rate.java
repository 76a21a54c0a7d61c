package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The USD price of one coin for one UTC day, with its market data when the source has it. Value of the
 * compacted {@code rates} topic, keyed by {@link Keys#rate(String, java.time.LocalDate)}.
 *
 * @param marketCapUsd the coin's market capitalisation that day in USD; null when the source has none
 * @param volume24hUsd the coin's trading volume over the 24 hours of that day's figure in USD; null when the
 *     source has none
 * @param source where the price came from, e.g. {@code file:/path/rates.csv} or {@code coingecko:market_chart}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rate(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal usd,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal marketCapUsd,

        @JsonProperty("volume_24h_usd") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal volume24hUsd,

        String source) {

    public Rate {
        Objects.requireNonNull(usd, "usd");
        requireNotNegative(usd, "usd");
        requireNotNegative(marketCapUsd, "market_cap_usd");
        requireNotNegative(volume24hUsd, "volume_24h_usd");
        Transaction.requireText(source, "source");
    }

    /** A price without market data. */
    public Rate(BigDecimal usd, String source) {
        this(usd, null, null, source);
    }

    /**
     * Whether {@code other} states the same price and market data, whatever the scale of its numbers and its
     * source: publishing it in place of this one would change nothing a reader computes.
     */
    public boolean sameFiguresAs(Rate other) {
        return usd.compareTo(other.usd) == 0
                && sameAmount(marketCapUsd, other.marketCapUsd)
                && sameAmount(volume24hUsd, other.volume24hUsd);
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static void requireNotNegative(BigDecimal value, String name) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
