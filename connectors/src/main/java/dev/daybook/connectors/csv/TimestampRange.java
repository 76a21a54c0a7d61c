package dev.daybook.connectors.csv;

import java.time.Instant;
import java.util.Objects;

/**
 * The event times the decoder accepts, {@code [from, until)}. A {@code ts} outside is malformed
 * ({@link MalformedReason#TS_OUT_OF_RANGE}): a year 0000 or 9999 is a broken clock, not a day of
 * trading, and would become a day of its own in the table (one a warehouse DATE may not even hold).
 * The bounds are fixed instants, not relative to now, so a replay decides every row as before.
 */
public record TimestampRange(Instant from, Instant until) {

    /** 2000-01-01T00:00:00Z inclusive to 2100-01-01T00:00:00Z exclusive. */
    public static final TimestampRange DEFAULT =
            new TimestampRange(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));

    public TimestampRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        try {
            Math.subtractExact(until.toEpochMilli(), from.toEpochMilli());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "the ts range " + from + " to " + until + " is beyond what epoch milliseconds hold");
        }
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException(
                    "the earliest accepted ts (" + from + ") must be before the end of the range (" + until + ")");
        }
    }

    /** Whether the epoch milliseconds fall in the range. */
    public boolean contains(long epochMillis) {
        return epochMillis >= from.toEpochMilli() && epochMillis < until.toEpochMilli();
    }

    @Override
    public String toString() {
        return "[" + from + ", " + until + ")";
    }
}
