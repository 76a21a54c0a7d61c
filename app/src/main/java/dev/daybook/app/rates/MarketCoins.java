package dev.daybook.app.rates;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.connectors.rates.coingecko.CoinGeckoAccessException;
import dev.daybook.connectors.rates.coingecko.CoinGeckoException;
import dev.daybook.connectors.rates.coingecko.MarketSnapshot;
import dev.daybook.schemas.Rate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily market snapshot ({@code --market-coins}): once a UTC day, the top coins by market cap are published
 * to {@code rates} as that day's rates, with their market cap and 24-hour volume, so that {@code coin_daily}
 * covers coins beyond the marketplace's own. A (coin, day) that already has its 00:00 UTC price keeps it; a
 * need for one that has only the snapshot's still fetches that price, which replaces it.
 *
 * <p>A snapshot that fails for a while (CoinGecko failed every attempt) is tried again after
 * {@link RatesSettings#retryBackoff()}; one CoinGecko answers unusably is counted and tried again the next
 * UTC day, never stopping the service. A refused key or plan stops it, as any call does.
 */
final class MarketCoins {

    private static final Logger log = LoggerFactory.getLogger(MarketCoins.class);

    private final RatesSettings settings;
    private final RatesMemory memory;
    private final RatesMetrics metrics;
    private final Clock clock;
    private final CoinGeckoCalls coinGecko;
    private Instant notBefore = Instant.MIN;

    MarketCoins(
            RatesSettings settings, RatesMemory memory, RatesMetrics metrics, Clock clock, CoinGeckoCalls coinGecko) {
        this.settings = settings;
        this.memory = memory;
        this.metrics = metrics;
        this.clock = clock;
        this.coinGecko = coinGecko;
    }

    /** Whether today's (UTC) snapshot is due: asked for, not taken yet, and not waiting after a failure. */
    boolean due() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return settings.marketCoins() > 0
                && memory.marketDay().map(today::isAfter).orElse(true)
                && !now.isBefore(notBefore);
    }

    /**
     * Takes today's snapshot and sends its rates with {@code publisher} (the caller flushes).
     *
     * @throws CoinGeckoAccessException when CoinGecko refuses the key or the plan
     */
    void take(RatesPublisher publisher) throws CoinGeckoAccessException, InterruptedException {
        MarketSnapshot snapshot;
        try {
            snapshot = coinGecko.topCoins(settings.marketCoins());
        } catch (CoinGeckoAccessException e) {
            throw e;
        } catch (CoinGeckoException e) {
            failed(e);
            return;
        }
        int published = 0;
        for (Map.Entry<CoinDay, Rate> coin : snapshot.rates().entrySet()) {
            CoinDay pair = coin.getKey();
            if (!memory.hasPrice(pair.key())) {
                publisher.rate(pair, coin.getValue());
                memory.marketRate(pair.key(), pair.day());
                published++;
            }
        }
        memory.marketRate(snapshot.day());
        metrics.marketRatesPublished(published);
        log.info(
                "Market snapshot of {}: published {} of the top {} coins by market cap ({} kept their 00:00 UTC price,"
                        + " {} entries unreadable)",
                snapshot.day(),
                published,
                snapshot.rates().size(),
                snapshot.rates().size() - published,
                snapshot.malformed());
    }

    private void failed(CoinGeckoException e) {
        Instant now = clock.instant();
        if (e.transientFailure()) {
            notBefore = now.plus(settings.retryBackoff());
            metrics.marketSnapshotFailed("transient");
            log.warn("The market snapshot failed: {}; trying again in {}", e.getMessage(), settings.retryBackoff());
        } else {
            notBefore = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            metrics.marketSnapshotFailed("unexpected_answer");
            log.warn("The market snapshot failed: {}; trying again at {}", e.getMessage(), notBefore);
        }
    }
}
