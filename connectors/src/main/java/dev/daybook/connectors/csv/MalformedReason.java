package dev.daybook.connectors.csv;

/**
 * Why a row of a Sequence object is not a usable transaction. {@link #code()} is what goes into the
 * {@code daybook.reason} dead-letter header and the metrics.
 */
public enum MalformedReason {
    /** The row is not valid RFC 4180 (a stray quote, text after a closing quote, an unclosed quote). */
    BAD_CSV,
    /** The row is longer than the decoder keeps in memory. */
    ROW_TOO_LONG,
    WRONG_COLUMN_COUNT,
    BAD_TS,
    /** {@code ts} is a valid time outside the accepted {@link TimestampRange}. */
    TS_OUT_OF_RANGE,
    EMPTY_PROJECT_ID,
    /** {@code project_id} is longer than {@link FieldChecks#MAX_PROJECT_ID_BYTES} bytes. */
    PROJECT_ID_TOO_LONG,
    /** {@code project_id} is not valid UTF-8 or holds a control character. */
    BAD_PROJECT_ID,
    BAD_PROPS,
    MISSING_CHAIN_ID,
    /** {@code chainId} is present but not a non-negative integer. */
    BAD_CHAIN_ID,
    /** {@code chainId} is an integer outside 1 to {@link FieldChecks#MAX_CHAIN_ID}. */
    CHAIN_ID_OUT_OF_RANGE,
    MISSING_CURRENCY_ADDRESS,
    /** {@code currencyAddress} is not {@code 0x} and 40 hex digits. */
    BAD_CURRENCY_ADDRESS,
    /** {@code currencySymbol} is too long or holds a control character. */
    BAD_CURRENCY_SYMBOL,
    BAD_NUMS,
    MISSING_AMOUNT,
    BAD_AMOUNT;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    /** The snake_case reason code, e.g. {@code wrong_column_count}. */
    public String code() {
        return code;
    }
}
