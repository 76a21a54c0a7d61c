package dev.daybook.connectors.rates.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the (coin, day) pairs that need a price into the fewest CoinGecko calls: one per coin.
 *
 * <p>A market_chart/range answer for a window wider than 90 days holds one point per day at 00:00 UTC
 * (exactly the daily price) however long the window, so all of a coin's days, contiguous or not, cost a
 * single call; a narrower window is widened backwards (or forwards, at the edge of the plan's history)
 * to {@link #DAILY_WINDOW}. A coin that needs just one day gets {@code /history} instead: also one call,
 * with no window to widen and an answer defined as that day's 00:00 UTC snapshot.
 */
final class RatePlanner {

    /** How long after 00:00 UTC CoinGecko is trusted to serve that day's snapshot (it documents 35 minutes). */
    static final Duration PUBLICATION_DELAY = Duration.ofHours(1);
    /** Wider than the 90 days beyond which CoinGecko answers daily points. */
    static final Duration DAILY_WINDOW = Duration.ofDays(92);

    private final CoinGeckoPlan plan;

    RatePlanner(CoinGeckoPlan plan) {
        this.plan = plan;
    }

    RatePlan plan(Collection<CoinDay> needed, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Optional<LocalDate> firstServed = plan.historyDays().isPresent()
                ? Optional.of(today.minusDays(plan.historyDays().getAsInt() - 1L))
                : Optional.empty();
        Map<String, NavigableSet<LocalDate>> daysByCoin = new TreeMap<>();
        Map<CoinDay, String> unavailable = new TreeMap<>();
        Map<CoinDay, Instant> deferred = new TreeMap<>();
        for (CoinDay pair : needed) {
            Instant published = DailyPrices.midnight(pair.day()).plus(PUBLICATION_DELAY);
            if (now.isBefore(published)) {
                deferred.put(pair, published);
            } else if (firstServed.isPresent() && pair.day().isBefore(firstServed.get())) {
                unavailable.put(
                        pair,
                        "the CoinGecko " + plan.cliName() + " plan serves prices from " + firstServed.get()
                                + " on (the past " + plan.historyDays().getAsInt() + " days)");
            } else {
                daysByCoin
                        .computeIfAbsent(pair.coinId(), coin -> new TreeSet<>())
                        .add(pair.day());
            }
        }
        List<RateRequest> requests = new ArrayList<>();
        daysByCoin.forEach((coin, days) -> requests.add(
                days.size() == 1 ? new RateRequest.Day(coin, days.first()) : range(coin, days, firstServed, now)));
        return new RatePlan(requests, unavailable, deferred);
    }

    private static RateRequest.Range range(
            String coin, NavigableSet<LocalDate> days, Optional<LocalDate> firstServed, Instant now) {
        Instant to = min(DailyPrices.midnight(days.last()).plus(DailyPrices.TOLERANCE), now);
        Instant from = min(DailyPrices.midnight(days.first()), to.minus(DAILY_WINDOW));
        Optional<Instant> earliest = firstServed.map(DailyPrices::midnight);
        if (earliest.isPresent() && from.isBefore(earliest.get())) {
            from = earliest.get();
            to = max(to, min(from.plus(DAILY_WINDOW), now));
        }
        return new RateRequest.Range(coin, from, to, List.copyOf(days));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
