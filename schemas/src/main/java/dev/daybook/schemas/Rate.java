package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The USD price of one coin for one UTC day. Value of the compacted {@code rates} topic, keyed by
 * {@link Keys#rate(String, java.time.LocalDate)}.
 *
 * @param source where the price came from, e.g. {@code file:/path/rates.csv} or {@code coingecko:market_chart}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Rate(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal usd, String source) {

    public Rate {
        Objects.requireNonNull(usd, "usd");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("usd must not be negative: " + usd);
        }
        Transaction.requireText(source, "source");
    }
}
