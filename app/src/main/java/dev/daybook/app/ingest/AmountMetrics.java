package dev.daybook.app.ingest;

import dev.daybook.schemas.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's account of the amount check, as committed (rows read again after an aborted Kafka
 * transaction count once):
 * <ul>
 *   <li>{@value #DISAGREEMENTS} counter, tags {@code chain_id} and {@code currency_address}: transactions
 *       whose {@code currencyValueDecimal} disagrees with {@code currencyValueRaw} scaled by the currency's
 *       decimals; the raw amount is used. One series per token, and tokens are few.</li>
 *   <li>{@value #UNCHECKED} counter: transactions with both amounts whose currency's decimals were not
 *       known when they were read (no tag: any address can appear in a file).</li>
 * </ul>
 * And one warning per currency and process, at its first disagreement, naming the row and both amounts.
 * Thread-safe.
 */
public final class AmountMetrics {

    public static final String DISAGREEMENTS = "daybook.amount.disagreements";
    public static final String UNCHECKED = "daybook.amount.unchecked";

    private static final Logger log = LoggerFactory.getLogger(AmountMetrics.class);

    private final MeterRegistry registry;
    private final Counter unchecked;
    private final Map<String, Counter> disagreements = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public AmountMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unchecked = Counter.builder(UNCHECKED)
                .description("Transactions with both amounts whose currency's decimals were not known, so not checked")
                .register(registry);
    }

    /**
     * Exports a currency's disagreement counter at zero, before its first disagreement, so that a rate or an
     * alert over the counter sees that first one too.
     *
     * @param tokenKey the currency's key in the {@code tokens} topic, {@code chain_id:address}
     */
    public void track(String tokenKey) {
        counter(tokenKey);
    }

    /** What a worker's Kafka transaction held, now that it is committed. */
    void committed(AmountTally tally) {
        unchecked.increment((double) tally.unchecked());
        for (AmountTally.CurrencyCount currency : tally.currencies()) {
            counter(currency.tokenKey()).increment((double) currency.count());
            if (warned.add(currency.tokenKey())) {
                warnFirst(currency.first());
            }
        }
    }

    private Counter counter(String tokenKey) {
        return disagreements.computeIfAbsent(tokenKey, key -> {
            int colon = key.indexOf(':');
            return Counter.builder(DISAGREEMENTS)
                    .description("Transactions whose decimal amount disagrees with the raw one; the raw one is used")
                    .tag("chain_id", key.substring(0, colon))
                    .tag("currency_address", key.substring(colon + 1))
                    .register(registry);
        });
    }

    private static void warnFirst(AmountTally.Disagreement first) {
        Transaction transaction = first.transaction();
        log.warn(
                "Amounts disagree in currency {} ({}): {} line {} has currencyValueRaw {} (that is {} with its {} decimals)"
                        + " but currencyValueDecimal {}. The raw amount is used; further disagreements in this currency are"
                        + " only counted in daybook_amount_disagreements_total",
                transaction.tokenKey(),
                Objects.requireNonNullElse(transaction.currencySymbol(), "no symbol"),
                transaction.source().uri(),
                transaction.source().line(),
                transaction.amountRaw(),
                new BigDecimal(transaction.amountRaw(), first.decimals())
                        .stripTrailingZeros()
                        .toPlainString(),
                first.decimals(),
                first.declaredDecimal().toPlainString());
    }
}
