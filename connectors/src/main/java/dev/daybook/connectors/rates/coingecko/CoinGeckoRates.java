package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily USD prices from CoinGecko for the (coin, day) pairs a caller needs. The caller, which knows
 * what the {@code rates} topic already holds, {@linkplain #plan plans} the pairs it lacks and then
 * {@linkplain #fetch fetches} each request, publishing each batch as it comes.
 */
public final class CoinGeckoRates {

    /** When to ask again for a recent day whose point an answer lacked. */
    static final Duration RECHECK = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(CoinGeckoRates.class);

    private final CoinGeckoClient client;
    private final RatePlanner planner;

    public CoinGeckoRates(CoinGeckoClient client) {
        this.client = client;
        this.planner = new RatePlanner(client.config().plan());
    }

    /** The fewest calls that price {@code needed} (one per coin), as of now. */
    public RatePlan plan(Collection<CoinDay> needed) {
        RatePlan plan = planner.plan(needed, client.clock().instant());
        client.metrics().pending(plan.pending());
        return plan;
    }

    /**
     * Makes one call of a plan. A day missing from CoinGecko's answer is deferred if it is today or
     * yesterday (UTC): CoinGecko caches long-range answers for up to 12 hours, so the point may simply
     * not be served yet. An older day missing is unavailable for good.
     */
    public RateBatch fetch(RateRequest request) throws CoinGeckoException, InterruptedException {
        Optional<MarketChart> chart;
        if (request instanceof RateRequest.Range range) {
            chart = client.marketChartRange(range.coinId(), range.from(), range.to());
        } else if (request instanceof RateRequest.Day day) {
            chart = client.history(day.coinId(), day.day());
        } else {
            throw new IllegalArgumentException("unknown request " + request);
        }
        Instant now = client.clock().instant();
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        Map<LocalDate, Rate> daily =
                chart.map(c -> c.daily(request.days(), request.source())).orElse(Map.of());
        Map<CoinDay, Rate> rates = new TreeMap<>();
        Map<CoinDay, String> unavailable = new TreeMap<>();
        Map<CoinDay, Instant> deferred = new TreeMap<>();
        for (LocalDate day : request.days()) {
            CoinDay pair = new CoinDay(request.coinId(), day);
            Rate rate = daily.get(day);
            if (rate != null) {
                rates.put(pair, rate);
            } else if (chart.isEmpty()) {
                unavailable.put(pair, "CoinGecko does not know coin '" + request.coinId() + "'");
            } else if (!day.isBefore(yesterday)) {
                deferred.put(pair, now.plus(RECHECK));
            } else {
                unavailable.put(
                        pair, "CoinGecko has no USD price of '" + request.coinId() + "' at 00:00 UTC of " + day);
            }
        }
        log.info(
                "CoinGecko priced {} of {} days of {} ({} unavailable, {} deferred)",
                rates.size(),
                request.days().size(),
                request.coinId(),
                unavailable.size(),
                deferred.size());
        client.metrics().ratesFetched(rates.size());
        client.metrics().settled(rates.size() + unavailable.size());
        return new RateBatch(rates, unavailable, deferred);
    }
}
