package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Rate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top coins by market cap from {@code /coins/markets}, {@link #MAX_PER_PAGE} a call, as today's (UTC)
 * rates with their market cap and 24-hour volume. The figures are CoinGecko's current ones when asked, so a
 * snapshot is meant to be taken soon after 00:00 UTC.
 */
public final class CoinGeckoMarkets {

    /** The most coins {@code /coins/markets} lists in one page. */
    public static final int MAX_PER_PAGE = 250;

    private static final Logger log = LoggerFactory.getLogger(CoinGeckoMarkets.class);

    private final CoinGeckoClient client;

    public CoinGeckoMarkets(CoinGeckoClient client) {
        this.client = client;
    }

    /**
     * The first {@code count} readable coins by market cap, in as few pages as that takes; fewer when CoinGecko
     * lists fewer. A coin listed twice (the ranking moved between pages) is kept where it came first.
     */
    public MarketSnapshot top(int count) throws CoinGeckoException, InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("the number of market coins must be at least 1: " + count);
        }
        LocalDate day = LocalDate.ofInstant(client.clock().instant(), ZoneOffset.UTC);
        int perPage = Math.min(count, MAX_PER_PAGE);
        Map<CoinDay, Rate> rates = new LinkedHashMap<>();
        int entries = 0;
        int malformed = 0;
        int calls = 0;
        while (entries < count) {
            MarketsPage page = client.coinsMarkets(calls + 1, perPage, MarketSnapshot.SOURCE);
            calls++;
            for (Map.Entry<String, Rate> coin : page.figures().entrySet()) {
                if (rates.size() < count) {
                    rates.putIfAbsent(new CoinDay(coin.getKey(), day), coin.getValue());
                }
            }
            entries += page.entries();
            malformed += page.malformed();
            if (page.entries() < perPage) {
                break;
            }
        }
        if (malformed > 0) {
            log.warn("CoinGecko listed {} top coins that could not be read (no id or no usable price)", malformed);
        }
        client.metrics().marketsMalformed(malformed);
        log.info("CoinGecko's top {} coins by market cap on {}: {} read in {} calls", count, day, rates.size(), calls);
        return new MarketSnapshot(day, rates, malformed, calls);
    }
}
