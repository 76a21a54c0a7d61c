package dev.daybook.schemas.warehouse;

import dev.daybook.schemas.Rate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One row of {@code coin_daily}: a coin's USD price on one UTC day, with its market cap and 24-hour volume where
 * the source gave them. Made from a record of the {@code rates} topic.
 */
public record CoinDaily(
        String coinId,
        LocalDate date,
        BigDecimal priceUsd,
        BigDecimal marketCapUsd,
        BigDecimal volume24hUsd,
        String source) {

    public CoinDaily {
        Objects.requireNonNull(coinId, "coin_id");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(priceUsd, "price_usd");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The row of a record of the rates topic.
     *
     * @param key {@code coin_id:YYYY-MM-DD} (see {@code Keys.rate})
     * @throws IllegalArgumentException when the key is not of that form
     */
    public static CoinDaily of(String key, Rate rate) {
        int colon = key.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("rates key '" + key + "' is not coin_id:YYYY-MM-DD");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(key.substring(colon + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("rates key '" + key + "' is not coin_id:YYYY-MM-DD", e);
        }
        return new CoinDaily(
                key.substring(0, colon), date, rate.usd(), rate.marketCapUsd(), rate.volume24hUsd(), rate.source());
    }
}
