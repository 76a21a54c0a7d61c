package dev.daybook.connectors.rates.coingecko;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Picks a day's price from a price series. The daily price of day D is CoinGecko's snapshot at 00:00
 * UTC of D: the point stamped exactly then (daily series have one), else the first point after it and
 * less than {@link #TOLERANCE} later (hourly and 5-minutely series sample at odd minutes). A point
 * before 00:00 is never taken: it belongs to the day before.
 */
final class DailyPrices {

    static final Duration TOLERANCE = Duration.ofHours(1);

    private DailyPrices() {}

    static Map<LocalDate, BigDecimal> pick(List<PricePoint> points, Collection<LocalDate> days) {
        NavigableMap<Instant, BigDecimal> byTime = new TreeMap<>();
        points.forEach(point -> byTime.putIfAbsent(point.at(), point.usd()));
        Map<LocalDate, BigDecimal> prices = new TreeMap<>();
        for (LocalDate day : days) {
            Instant midnight = midnight(day);
            Map.Entry<Instant, BigDecimal> first = byTime.ceilingEntry(midnight);
            if (first != null && first.getKey().isBefore(midnight.plus(TOLERANCE))) {
                prices.put(day, first.getValue());
            }
        }
        return prices;
    }

    static Instant midnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
