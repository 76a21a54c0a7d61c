package dev.daybook.app.cli.options;

import dev.daybook.connectors.rates.coingecko.CoinGeckoConfig;
import dev.daybook.connectors.rates.coingecko.CoinGeckoPlan;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The CoinGecko command-line options, for use as a picocli {@code @Mixin}. The API key is deliberately
 * not an option (it would show in shell history and process lists): it is read from the environment
 * variable {@value #API_KEY_ENV} (or {@value #DAYBOOK_API_KEY_ENV}).
 */
public final class CoinGeckoOptions {

    public static final String API_KEY_ENV = "COINGECKO_API_KEY";
    public static final String DAYBOOK_API_KEY_ENV = "DAYBOOK_COINGECKO_API_KEY";

    @Option(
            names = "--coingecko-plan",
            converter = PlanConverter.class,
            defaultValue = "demo",
            description = "CoinGecko plan of the API key: demo or pro (default: ${DEFAULT-VALUE}). "
                    + "Selects the base URL and the key header.")
    CoinGeckoPlan plan = CoinGeckoPlan.DEMO;

    @Option(names = "--coingecko-base-url", description = "Overrides the plan's API root, e.g. a proxy.")
    String baseUrl;

    @Option(
            names = "--coingecko-calls-per-minute",
            defaultValue = "30",
            description = "Client-side limit on CoinGecko calls, spread evenly (default: ${DEFAULT-VALUE}).")
    int callsPerMinute = CoinGeckoConfig.DEFAULT_CALLS_PER_MINUTE;

    @Option(
            names = "--coingecko-connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description = "How long connecting to CoinGecko may take (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout = CoinGeckoConfig.DEFAULT_CONNECT_TIMEOUT;

    @Option(
            names = "--coingecko-read-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "How long CoinGecko may take to answer (default: ${DEFAULT-VALUE}).")
    Duration readTimeout = CoinGeckoConfig.DEFAULT_READ_TIMEOUT;

    @Option(
            names = "--coingecko-max-attempts",
            defaultValue = "6",
            description = "Attempts per call on 429, 5xx and timeouts (default: ${DEFAULT-VALUE}).")
    int maxAttempts = CoinGeckoConfig.DEFAULT_MAX_ATTEMPTS;

    /** The configuration, with the API key from the process environment. */
    public CoinGeckoConfig toConfig() {
        return toConfig(System.getenv());
    }

    /** The configuration, with the API key from {@code env}. */
    public CoinGeckoConfig toConfig(Map<String, String> env) {
        String key = env.get(API_KEY_ENV);
        if (key == null || key.isBlank()) {
            key = env.get(DAYBOOK_API_KEY_ENV);
        }
        HttpUrl url = plan.baseUrl();
        if (baseUrl != null && !baseUrl.isBlank()) {
            url = HttpUrl.parse(baseUrl.strip());
            if (url == null) {
                throw new IllegalArgumentException("--coingecko-base-url is not an http(s) URL: " + baseUrl);
            }
        }
        return new CoinGeckoConfig(plan, url, key, callsPerMinute, connectTimeout, readTimeout, maxAttempts);
    }

    /** Accepts {@code demo} and {@code pro} in any case. */
    public static final class PlanConverter implements ITypeConverter<CoinGeckoPlan> {
        @Override
        public CoinGeckoPlan convert(String value) {
            return CoinGeckoPlan.parse(value);
        }
    }
}
