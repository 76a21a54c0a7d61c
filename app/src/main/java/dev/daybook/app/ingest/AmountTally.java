package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.AmountCheck;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the amount check found in some rows: per currency, how many transactions have a
 * {@code currencyValueDecimal} that disagrees with their {@code currencyValueRaw} (and the first of them),
 * and how many could not be checked because their currency's decimals were not known. The check only
 * counts: the raw amount is what the transaction carries either way. Not thread-safe: a reader fills one
 * per chunk, a worker adds up those of its open Kafka transaction.
 */
final class AmountTally {

    /** The first disagreeing transaction of a currency, as the log names it. */
    record Disagreement(Transaction transaction, BigDecimal declaredDecimal, int decimals) {}

    /** A currency's disagreements: how many, and the first. */
    static final class CurrencyCount {
        private final Disagreement first;
        private long count;

        private CurrencyCount(Disagreement first) {
            this.first = first;
        }

        /** The currency's key in the {@code tokens} topic, {@code chain_id:address}. */
        String tokenKey() {
            return first.transaction().tokenKey();
        }

        Disagreement first() {
            return first;
        }

        long count() {
            return count;
        }
    }

    private final Map<String, CurrencyCount> byCurrency = new LinkedHashMap<>();
    private long disagreements;
    private long unchecked;

    /**
     * Checks a transaction that had both amounts.
     *
     * @param declaredDecimal the row's {@code currencyValueDecimal}
     * @param decimals        the decimals of its currency, empty when its token is not known
     */
    void check(Transaction transaction, BigDecimal declaredDecimal, OptionalInt decimals) {
        if (decimals.isEmpty()) {
            unchecked++;
        } else if (AmountCheck.disagrees(transaction.amountRaw(), declaredDecimal, decimals.getAsInt())) {
            byCurrency.computeIfAbsent(
                            transaction.tokenKey(),
                            key -> new CurrencyCount(
                                    new Disagreement(transaction, declaredDecimal, decimals.getAsInt())))
                    .count++;
            disagreements++;
        }
    }

    /** Adds another tally's counts; a currency's first disagreement stays this tally's if it has one. */
    void add(AmountTally other) {
        for (CurrencyCount theirs : other.byCurrency.values()) {
            byCurrency.computeIfAbsent(theirs.tokenKey(), key -> new CurrencyCount(theirs.first)).count += theirs.count;
        }
        disagreements += other.disagreements;
        unchecked += other.unchecked;
    }

    void clear() {
        byCurrency.clear();
        disagreements = 0;
        unchecked = 0;
    }

    long disagreements() {
        return disagreements;
    }

    long unchecked() {
        return unchecked;
    }

    /** The currencies with disagreements, in the order of their first. */
    Collection<CurrencyCount> currencies() {
        return byCurrency.values();
    }
}
