package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A partial sum of one bucket's transactions, in the currency's own units. Amounts given in base units
 * are summed as integers; amounts only given as decimals are summed apart, so nothing is rounded before
 * the currency's decimals are known. Sums combine associatively, which lets a task pre-aggregate
 * before the repartition without changing what crosses it.
 */
record Bucket(
        @JsonProperty("n") long count,
        @JsonProperty("r") BigInteger rawSum,
        @JsonProperty("x") BigDecimal decimalSum) {

    static final Bucket EMPTY = new Bucket(0, BigInteger.ZERO, BigDecimal.ZERO);

    static Bucket of(Transaction transaction) {
        return transaction.amountRaw() != null
                ? new Bucket(1, transaction.amountRaw(), BigDecimal.ZERO)
                : new Bucket(1, BigInteger.ZERO, transaction.amountDecimal());
    }

    Bucket plus(Bucket other) {
        return new Bucket(count + other.count, rawSum.add(other.rawSum), decimalSum.add(other.decimalSum));
    }

    /** The exact amount in whole currency units: rawSum / 10^decimals + decimalSum. */
    BigDecimal amount(int decimals) {
        return new BigDecimal(rawSum, decimals).add(decimalSum);
    }
}
