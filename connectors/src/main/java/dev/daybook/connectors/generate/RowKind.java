package dev.daybook.connectors.generate;

/** What a generated row is, and so what the decoder and the aggregation must make of it. */
public enum RowKind {
    /** A transaction in a known currency, timed inside the generated days. */
    VALID,
    /** A valid transaction whose time is days before the row's neighbours (up to {@code maxLateDays}). */
    LATE,
    /** A byte-for-byte copy of an earlier VALID, LATE, DECIMAL_ONLY or AMOUNT_MISMATCH row: must count once. */
    DUPLICATE,
    /** A valid transaction in a currency that is not in the bundled tokens. */
    UNKNOWN_CURRENCY,
    /** A valid transaction with only {@code currencyValueDecimal}, no raw amount. */
    DECIMAL_ONLY,
    /** A valid transaction whose decimal amount is the raw amount unscaled, as in real files: raw wins. */
    AMOUNT_MISMATCH,
    /** A row of another event type: skipped. */
    OTHER_EVENT,
    /** A malformed BUY_ITEMS/SELL_ITEMS row; which way it is malformed rotates through the reasons. */
    MALFORMED;

    /** Whether the decoder turns this row into a transaction. */
    public boolean decodesToTransaction() {
        return this != OTHER_EVENT && this != MALFORMED;
    }

    /** Whether this row adds to the daily volume (a known currency, not a copy). */
    public boolean countsInVolume() {
        return this == VALID || this == LATE || this == DECIMAL_ONLY || this == AMOUNT_MISMATCH;
    }
}
