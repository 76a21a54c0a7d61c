package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.daybook.schemas.Transaction;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A partial sum of one bucket's transactions, in the currency's own units. Amounts given in base units
 * are summed as integers; amounts only given as decimals are summed apart, so nothing is rounded before
 * the currency's decimals are known. Sums combine associatively, which lets a task pre-aggregate
 * before the repartition without changing what crosses it. {@code newest} is the event time (epoch ms) of
 * the newest transaction summed, so that a row's age does not depend on the order Kafka Streams happened to
 * process the tables in.
 */
record Bucket(
        @JsonProperty("n") long count,
        @JsonProperty("r") BigInteger rawSum,
        @JsonProperty("x") BigDecimal decimalSum,
        @JsonProperty("t") long newest) {

    static final Bucket EMPTY = new Bucket(0, BigInteger.ZERO, BigDecimal.ZERO, Long.MIN_VALUE);

    static Bucket of(Transaction transaction) {
        return transaction.amountRaw() != null
                ? new Bucket(1, transaction.amountRaw(), BigDecimal.ZERO, transaction.ts())
                : new Bucket(1, BigInteger.ZERO, transaction.amountDecimal(), transaction.ts());
    }

    Bucket plus(Bucket other) {
        return new Bucket(
                count + other.count,
                rawSum.add(other.rawSum),
                decimalSum.add(other.decimalSum),
                Math.max(newest, other.newest));
    }

    /** The exact amount in whole currency units: rawSum / 10^decimals + decimalSum. */
    BigDecimal amount(int decimals) {
        return new BigDecimal(rawSum, decimals).add(decimalSum);
    }
}
