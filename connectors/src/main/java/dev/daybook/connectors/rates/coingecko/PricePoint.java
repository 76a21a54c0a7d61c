package dev.daybook.connectors.rates.coingecko;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One USD figure of a coin (a price, a market cap or a 24-hour volume) at one moment, exactly as CoinGecko wrote it. */
public record PricePoint(Instant at, BigDecimal usd) {

    public PricePoint {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(usd, "usd");
    }
}
