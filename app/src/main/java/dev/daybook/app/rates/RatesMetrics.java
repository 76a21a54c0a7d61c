package dev.daybook.app.rates;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rates service's meters, next to the CoinGecko client's {@code daybook.coingecko.*}:
 * {@code daybook.rates.pending{kind=currency|rate}} (gauges: needed currencies not yet resolved, needed
 * (coin, day) pairs not yet priced, deferred ones included), {@code daybook.rates.unresolved{kind}} (counter:
 * currencies and pairs reported as impossible to price), {@code daybook.rates.published{topic}} (counter:
 * tokens and rates published), {@code daybook.rates.currencies.deferred} (counter: currency lookups left for a
 * later pass by {@code --rates-max-new-currencies}), {@code daybook.rates.unreadable{topic}} (counter: records the service
 * could not read and skipped; the topology dead-letters them), {@code daybook.rates.market.published} (counter: rates
 * of the daily market snapshot published) and {@code daybook.rates.market.failed{reason=transient|unexpected_answer}}
 * (counter: market snapshots that failed).
 */
final class RatesMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pendingCurrencies = new AtomicLong();
    private final AtomicLong pendingRates = new AtomicLong();
    private final Counter unknownCurrencies;
    private final Counter unavailableRates;
    private final Counter tokensPublished;
    private final Counter ratesPublished;

    RatesMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("daybook.rates.pending", Tags.of("kind", "currency"), pendingCurrencies);
        registry.gauge("daybook.rates.pending", Tags.of("kind", "rate"), pendingRates);
        unknownCurrencies = registry.counter("daybook.rates.unresolved", "kind", "currency");
        unavailableRates = registry.counter("daybook.rates.unresolved", "kind", "rate");
        tokensPublished = registry.counter("daybook.rates.published", "topic", "tokens");
        ratesPublished = registry.counter("daybook.rates.published", "topic", "rates");
        registry.counter("daybook.rates.market.published");
        registry.counter("daybook.rates.market.failed", "reason", "transient");
        registry.counter("daybook.rates.market.failed", "reason", "unexpected_answer");
    }

    void pending(long currencies, long rates) {
        pendingCurrencies.set(currencies);
        pendingRates.set(rates);
    }

    void unknownCurrency() {
        unknownCurrencies.increment();
    }

    void unavailableRates(int count) {
        unavailableRates.increment(count);
    }

    void tokenPublished() {
        tokensPublished.increment();
    }

    void ratesPublished(int count) {
        ratesPublished.increment(count);
    }

    void currenciesDeferred(int count) {
        registry.counter("daybook.rates.currencies.deferred").increment(count);
    }

    void marketRatesPublished(int count) {
        registry.counter("daybook.rates.market.published").increment(count);
    }

    void marketSnapshotFailed(String reason) {
        registry.counter("daybook.rates.market.failed", "reason", reason).increment();
    }

    void unreadable(String topic) {
        registry.counter("daybook.rates.unreadable", "topic", topic).increment();
    }
}
