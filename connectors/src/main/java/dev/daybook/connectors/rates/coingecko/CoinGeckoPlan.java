package dev.daybook.connectors.rates.coingecko;

import java.util.Locale;
import java.util.OptionalInt;
import okhttp3.HttpUrl;

/** A CoinGecko API plan: where its API lives, which header carries its key, how far back it reaches. */
public enum CoinGeckoPlan {

    /** The free Demo plan (and the keyless public API): the past 365 days only. */
    DEMO("https://api.coingecko.com/api/v3", "x-cg-demo-api-key", OptionalInt.of(365)),

    /** Every paid plan; assumed to reach all of a coin's history. */
    PRO("https://pro-api.coingecko.com/api/v3", "x-cg-pro-api-key", OptionalInt.empty());

    @SuppressWarnings("ImmutableEnumChecker") // okhttp3.HttpUrl is immutable, only not annotated so
    private final HttpUrl baseUrl;

    private final String keyHeader;
    private final OptionalInt historyDays;

    CoinGeckoPlan(String baseUrl, String keyHeader, OptionalInt historyDays) {
        this.baseUrl = HttpUrl.get(baseUrl);
        this.keyHeader = keyHeader;
        this.historyDays = historyDays;
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    public String keyHeader() {
        return keyHeader;
    }

    /** How many past days (today included) the plan serves historical prices for; empty when unlimited. */
    public OptionalInt historyDays() {
        return historyDays;
    }

    /** {@code demo} or {@code pro}, case-insensitively. */
    public static CoinGeckoPlan parse(String name) {
        for (CoinGeckoPlan plan : values()) {
            if (plan.cliName().equalsIgnoreCase(name.strip())) {
                return plan;
            }
        }
        throw new IllegalArgumentException("unknown CoinGecko plan '" + name + "': use demo or pro");
    }

    /** The plan's name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
