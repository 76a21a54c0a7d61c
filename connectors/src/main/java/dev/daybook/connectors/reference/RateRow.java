package dev.daybook.connectors.reference;

import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Rate;
import java.time.LocalDate;
import java.util.Objects;

/** One line of a rates CSV: the USD price of a coin for a UTC day. */
public record RateRow(LocalDate date, String coinId, Rate rate) {

    public RateRow {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(coinId, "coinId");
        Objects.requireNonNull(rate, "rate");
    }

    /** Key of this rate in the {@code rates} topic. */
    public String key() {
        return Keys.rate(coinId, date);
    }
}
