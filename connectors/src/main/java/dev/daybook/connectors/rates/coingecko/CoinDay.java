package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Keys;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/** A coin on a UTC day: what one record of the {@code rates} topic prices. */
public record CoinDay(String coinId, LocalDate day) implements Comparable<CoinDay> {

    private static final Comparator<CoinDay> ORDER =
            Comparator.comparing(CoinDay::coinId).thenComparing(CoinDay::day);

    public CoinDay {
        Objects.requireNonNull(coinId, "coinId");
        Objects.requireNonNull(day, "day");
        if (coinId.isBlank()) {
            throw new IllegalArgumentException("coinId must not be blank");
        }
    }

    /** The {@code rates} topic key, {@code coin_id:YYYY-MM-DD}. */
    public String key() {
        return Keys.rate(coinId, day);
    }

    @Override
    public int compareTo(CoinDay other) {
        return ORDER.compare(this, other);
    }
}
