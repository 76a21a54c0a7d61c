package dev.daybook.connectors.rates.coingecko;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What it takes to price a set of (coin, day) pairs.
 *
 * @param requests    the calls to make, one per coin
 * @param unavailable pairs no call can price, with the reason (e.g. before the plan's history)
 * @param deferred    pairs whose price CoinGecko has not published yet, with when to plan them again
 */
public record RatePlan(List<RateRequest> requests, Map<CoinDay, String> unavailable, Map<CoinDay, Instant> deferred) {

    public RatePlan {
        requests = List.copyOf(requests);
        unavailable = Collections.unmodifiableMap(new TreeMap<>(unavailable));
        deferred = Collections.unmodifiableMap(new TreeMap<>(deferred));
    }

    /** The number of CoinGecko calls the plan costs (retries aside). */
    public int calls() {
        return requests.size();
    }

    /** The pairs still to be settled: those the requests price plus the deferred ones. */
    public long pending() {
        return requests.stream().mapToLong(request -> request.days().size()).sum() + deferred.size();
    }
}
