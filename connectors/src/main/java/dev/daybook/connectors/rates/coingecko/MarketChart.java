package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A coin's USD series as CoinGecko answered them: prices, market caps and 24-hour trading volumes. Only
 * the prices are required; a coin CoinGecko has no market data for has empty market cap or volume series.
 */
public record MarketChart(List<PricePoint> prices, List<PricePoint> marketCaps, List<PricePoint> totalVolumes) {

    public MarketChart {
        prices = List.copyOf(prices);
        marketCaps = List.copyOf(marketCaps);
        totalVolumes = List.copyOf(totalVolumes);
    }

    /**
     * The rate of each of {@code days} that has a price: the 00:00 UTC snapshot of each series (see {@link
     * DailyPrices}), so the volume is that of the 24 hours before the price.
     */
    Map<LocalDate, Rate> daily(Collection<LocalDate> days, String source) {
        Map<LocalDate, BigDecimal> usd = DailyPrices.pick(prices, days);
        Map<LocalDate, BigDecimal> caps = DailyPrices.pick(marketCaps, usd.keySet());
        Map<LocalDate, BigDecimal> volumes = DailyPrices.pick(totalVolumes, usd.keySet());
        Map<LocalDate, Rate> rates = new TreeMap<>();
        usd.forEach((day, price) -> rates.put(day, new Rate(price, caps.get(day), volumes.get(day), source)));
        return rates;
    }
}
