package dev.daybook.connectors.rates.coingecko;

import dev.daybook.connectors.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * How to reach CoinGecko. {@link #toString()} masks the API key, so a config may be logged.
 *
 * @param baseUrl        the API root, e.g. {@code https://api.coingecko.com/api/v3}; the plan's unless overridden
 * @param apiKey         the key sent in {@link CoinGeckoPlan#keyHeader()}; {@code null} for the keyless public API
 * @param callsPerMinute the client-side limit, spread evenly over the minute
 * @param maxAttempts    attempts per call when CoinGecko throttles (429), fails (5xx) or does not answer in time
 */
public record CoinGeckoConfig(
        CoinGeckoPlan plan,
        HttpUrl baseUrl,
        String apiKey,
        int callsPerMinute,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts) {

    public static final int DEFAULT_CALLS_PER_MINUTE = 30;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** The backoff before the first retry; it doubles for each further one, up to {@link #MAX_BACKOFF}. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    public static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    public CoinGeckoConfig {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (plan == CoinGeckoPlan.PRO && apiKey == null) {
            throw new IllegalArgumentException(
                    "the CoinGecko pro plan needs an API key: set COINGECKO_API_KEY, or use --coingecko-plan demo");
        }
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("CoinGecko calls per minute must be at least 1: " + callsPerMinute);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("CoinGecko attempts per call must be at least 1: " + maxAttempts);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("CoinGecko timeouts must be positive");
        }
    }

    /** The plan's base URL and the default limits. */
    public static CoinGeckoConfig of(CoinGeckoPlan plan, String apiKey) {
        return new CoinGeckoConfig(
                plan,
                plan.baseUrl(),
                apiKey,
                DEFAULT_CALLS_PER_MINUTE,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS);
    }

    /** How often and how patiently a throttled or failed call is tried again (without a Retry-After). */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, FIRST_BACKOFF, MAX_BACKOFF);
    }

    public CoinGeckoConfig withBaseUrl(HttpUrl url) {
        return new CoinGeckoConfig(plan, url, apiKey, callsPerMinute, connectTimeout, readTimeout, maxAttempts);
    }

    public CoinGeckoConfig withCallsPerMinute(int calls) {
        return new CoinGeckoConfig(plan, baseUrl, apiKey, calls, connectTimeout, readTimeout, maxAttempts);
    }

    public CoinGeckoConfig withReadTimeout(Duration timeout) {
        return new CoinGeckoConfig(plan, baseUrl, apiKey, callsPerMinute, connectTimeout, timeout, maxAttempts);
    }

    public CoinGeckoConfig withMaxAttempts(int attempts) {
        return new CoinGeckoConfig(plan, baseUrl, apiKey, callsPerMinute, connectTimeout, readTimeout, attempts);
    }

    @Override
    public String toString() {
        return "CoinGeckoConfig[plan=" + plan.cliName() + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", callsPerMinute=" + callsPerMinute + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + "]";
    }
}
