package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link RateRequest} yielded; every day it asked for is in exactly one of the three maps.
 *
 * @param rates       prices to publish to the {@code rates} topic
 * @param unavailable days CoinGecko has no price for, with the reason: report once, do not ask again
 * @param deferred    recent days whose price CoinGecko has not served yet, with when to ask again
 */
public record RateBatch(Map<CoinDay, Rate> rates, Map<CoinDay, String> unavailable, Map<CoinDay, Instant> deferred) {

    public RateBatch {
        rates = Collections.unmodifiableMap(new TreeMap<>(rates));
        unavailable = Collections.unmodifiableMap(new TreeMap<>(unavailable));
        deferred = Collections.unmodifiableMap(new TreeMap<>(deferred));
    }
}
