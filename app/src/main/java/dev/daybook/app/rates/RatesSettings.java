package dev.daybook.app.rates;

import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.Objects;

/**
 * How the rates service runs.
 *
 * @param groupId      the consumer group with which it reads {@code transactions}
 * @param recheck      how long CoinGecko's "unknown currency" or "no price that day" is trusted before the
 *                     currency or day is asked about again (CoinGecko lists new coins over time)
 * @param retryBackoff the wait after CoinGecko failed a call on every attempt, before trying again
 * @param maxNewCurrencies how many currencies missing from {@code tokens} are looked up on CoinGecko in one pass
 *                     (a run of {@code --once}, or one round of the continuous service); the others wait for the next
 *                     pass, so that many distinct (junk) addresses cannot spend the API quota at once
 * @param marketCoins  how many of the top coins by market cap to keep in {@code rates} once a UTC day, with their
 *                     market cap and volume; 0 keeps none
 */
public record RatesSettings(
        String groupId, Duration recheck, Duration retryBackoff, int maxNewCurrencies, int marketCoins) {

    public static final Duration DEFAULT_RECHECK = Duration.ofDays(30);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_NEW_CURRENCIES = 20;
    public static final int DEFAULT_MARKET_COINS = 0;

    public RatesSettings {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("the rates service's consumer group is empty");
        }
        requirePositive(recheck, "rates recheck interval");
        requirePositive(retryBackoff, "rates retry backoff");
        if (maxNewCurrencies < 1) {
            throw new IllegalArgumentException("rates max new currencies must be at least 1, not " + maxNewCurrencies);
        }
        if (marketCoins < 0) {
            throw new IllegalArgumentException("market coins must not be negative, not " + marketCoins);
        }
    }

    /** The defaults, reading transactions as group {@code <topic-prefix>rates}. */
    public static RatesSettings defaults(TopicCatalogue topics) {
        return new RatesSettings(
                defaultGroupId(topics),
                DEFAULT_RECHECK,
                DEFAULT_RETRY_BACKOFF,
                DEFAULT_MAX_NEW_CURRENCIES,
                DEFAULT_MARKET_COINS);
    }

    static String defaultGroupId(TopicCatalogue topics) {
        return topics.prefix() + "rates";
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}
