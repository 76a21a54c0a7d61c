package dev.daybook.connectors.csv;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What one row of a Sequence object decodes to. */
public sealed interface Decoded {

    /** 1-based line number on which the row starts (the header is line 1). */
    long line();

    /** Where the row after this one starts: record it to resume after this row. */
    Position next();

    /** A {@code BUY_ITEMS} or {@code SELL_ITEMS} row. */
    record Transaction(dev.daybook.schemas.Transaction transaction, Position next) implements Decoded {

        public Transaction {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(next, "next");
        }

        @Override
        public long line() {
            return transaction.source().line();
        }

        /**
         * The row's {@code currencyValueDecimal} when it also had a {@code currencyValueRaw} (which wins); null
         * otherwise. Compare it with {@link AmountCheck#disagrees} once the currency's decimals are known.
         */
        public BigDecimal declaredDecimal() {
            return transaction.amountRaw() != null ? transaction.amountDecimal() : null;
        }
    }

    /** A row of another event type: not a transaction, not an error. */
    record Skipped(String event, long line, Position next) implements Decoded {

        public Skipped {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * A row that cannot be used, to be dead-lettered.
     *
     * @param raw the row's bytes as stored, without its line break
     */
    @SuppressWarnings(
            "ArrayRecordComponent") // raw is passed on to the dead letter; rows are never compared with equals
    record Malformed(MalformedReason reason, String message, byte[] raw, long line, Position next) implements Decoded {

        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(next, "next");
        }

        /** The row's bytes as text (invalid UTF-8 replaced). */
        public String rawText() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Malformed[" + reason.code() + " at line " + line + ": " + message + "]";
        }
    }
}
