package dev.daybook.connectors.rates.coingecko;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CoinGecko client's meters: {@code daybook.coingecko.calls} (HTTP requests sent, tagged by
 * endpoint, retries included), {@code daybook.coingecko.throttled} (429 answers),
 * {@code daybook.coingecko.rates.fetched} ((coin, day) prices obtained), {@code daybook.coingecko.markets.malformed}
 * ({@code /coins/markets} entries that could not be read) and the gauge
 * {@code daybook.coingecko.pending} ((coin, day) pairs planned or deferred but not yet settled).
 */
public final class CoinGeckoMetrics {

    private final MeterRegistry registry;
    private final Counter throttled;
    private final Counter ratesFetched;
    private final AtomicLong pending;

    public CoinGeckoMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.throttled = registry.counter("daybook.coingecko.throttled");
        this.ratesFetched = registry.counter("daybook.coingecko.rates.fetched");
        this.pending = registry.gauge("daybook.coingecko.pending", new AtomicLong());
    }

    void call(String endpoint) {
        registry.counter("daybook.coingecko.calls", "endpoint", endpoint).increment();
    }

    void throttled() {
        throttled.increment();
    }

    void ratesFetched(int count) {
        ratesFetched.increment(count);
    }

    void marketsMalformed(int count) {
        registry.counter("daybook.coingecko.markets.malformed").increment(count);
    }

    void pending(long count) {
        pending.set(count);
    }

    void settled(int count) {
        pending.updateAndGet(now -> Math.max(0, now - count));
    }
}
