package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top coins by market cap as CoinGecko listed them on one UTC day.
 *
 * @param rates     each coin's {@code (coin, day)} and its current price, market cap and 24-hour volume, in
 *                  rank order
 * @param malformed entries CoinGecko listed that could not be read (no coin id, or no usable price)
 * @param calls     the pages asked for
 */
public record MarketSnapshot(LocalDate day, Map<CoinDay, Rate> rates, int malformed, int calls) {

    public static final String SOURCE = "coingecko:coins/markets";

    public MarketSnapshot {
        rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
    }
}
