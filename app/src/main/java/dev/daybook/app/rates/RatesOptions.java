package dev.daybook.app.rates;

import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.app.cli.options.PositiveIntConverter;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the on-demand rates service; use as a picocli {@code @Mixin} (with {@code CoinGeckoOptions}). */
public final class RatesOptions {

    @Option(
            names = "--rates-group-id",
            paramLabel = "GROUP",
            description = "Consumer group with which the rates service reads transactions ("
                    + "default: <topic-prefix>rates).")
    String groupId;

    @Option(
            names = "--rates-recheck",
            defaultValue = "30d",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Ask CoinGecko again about a currency it did not know, or a day it had no price for, after this"
                            + " long (default: ${DEFAULT-VALUE}).")
    Duration recheck;

    @Option(
            names = "--rates-retry-backoff",
            defaultValue = "1m",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Wait this long before trying again when CoinGecko failed a call on every attempt"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(
            names = "--rates-max-new-currencies",
            paramLabel = "N",
            converter = PositiveIntConverter.class,
            defaultValue = "" + RatesSettings.DEFAULT_MAX_NEW_CURRENCIES,
            description =
                    "Currencies missing from the tokens topic looked up on CoinGecko per pass; the others wait for the next"
                            + " pass (default: ${DEFAULT-VALUE}).")
    int maxNewCurrencies;

    @Option(
            names = "--market-coins",
            paramLabel = "N",
            defaultValue = "" + RatesSettings.DEFAULT_MARKET_COINS,
            description =
                    "With --rates coingecko, also keep the top N coins by market cap in the rates topic (and so"
                            + " in coin_daily), taken once a UTC day from /coins/markets, 250 a call; 0 keeps none"
                            + " (default: ${DEFAULT-VALUE}, off: every 250 coins cost a call a day of the plan's monthly quota).")
    int marketCoins;

    public RatesSettings settings(TopicCatalogue topics) {
        String group = groupId != null && !groupId.isBlank() ? groupId : RatesSettings.defaultGroupId(topics);
        return new RatesSettings(group, recheck, retryBackoff, maxNewCurrencies, marketCoins);
    }
}
