package dev.daybook.connectors.generate;

import dev.daybook.connectors.csv.MalformedReason;
import java.math.BigInteger;

/**
 * One generated row, as the generator meant it: lets a test compute what the rows should add up to
 * without decoding them. For {@link RowKind#MALFORMED} and {@link RowKind#OTHER_EVENT} rows only
 * {@code kind}, {@code malformedReason}, {@code file}, {@code line}, {@code event} and {@code text}
 * are meaningful. A {@link RowKind#DUPLICATE} has the values of the row it copies.
 *
 * @param malformedReason for MALFORMED rows, the reason the decoder must give; null otherwise
 * @param file            the file's name (without directory)
 * @param line            the row's 1-based line in its file (the header is line 1)
 * @param ts              the time as written, {@code YYYY-MM-DD HH:MM:SS.sss} UTC
 * @param amountRaw       {@code currencyValueRaw}, null when the row has none
 * @param amountDecimal   {@code currencyValueDecimal} as written, null when the row has none
 * @param text            the row as written, without its line break
 */
public record GeneratedRow(
        RowKind kind,
        MalformedReason malformedReason,
        String file,
        long line,
        String event,
        String ts,
        String projectId,
        long chainId,
        String currencyAddress,
        String currencySymbol,
        BigInteger amountRaw,
        String amountDecimal,
        String text) {

    /** The UTC day of {@link #ts()}, {@code YYYY-MM-DD}. */
    public String day() {
        return ts.substring(0, 10);
    }
}
