package dev.daybook.connectors.csv;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/** Parses Sequence timestamps, {@code YYYY-MM-DD HH:MM:SS} with an optional fraction, as UTC. */
final class UtcTimestamps {

    /** Returned for text that is not a valid timestamp. */
    static final long INVALID = Long.MIN_VALUE;

    private static final int SECONDS_LENGTH = 19;
    private static final int MAX_FRACTION_DIGITS = 9;

    private UtcTimestamps() {}

    /**
     * Epoch milliseconds of the ASCII timestamp in {@code b[start, end)}, or {@link #INVALID}. A
     * fraction may have 1 to 9 digits; digits past milliseconds are dropped.
     */
    static long parseMillis(byte[] b, int start, int end) {
        int length = end - start;
        if (length < SECONDS_LENGTH
                || length == SECONDS_LENGTH + 1
                || length > SECONDS_LENGTH + 1 + MAX_FRACTION_DIGITS
                || b[start + 4] != '-'
                || b[start + 7] != '-'
                || b[start + 10] != ' '
                || b[start + 13] != ':'
                || b[start + 16] != ':') {
            return INVALID;
        }
        int year = digits(b, start, 4);
        int month = digits(b, start + 5, 2);
        int day = digits(b, start + 8, 2);
        int hour = digits(b, start + 11, 2);
        int minute = digits(b, start + 14, 2);
        int second = digits(b, start + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour > 23
                || minute > 59
                || second > 59) {
            return INVALID;
        }
        int millis = 0;
        if (length > SECONDS_LENGTH) {
            if (b[start + SECONDS_LENGTH] != '.') {
                return INVALID;
            }
            int fractionStart = start + SECONDS_LENGTH + 1;
            int fraction = digits(b, fractionStart, end - fractionStart);
            if (fraction < 0) {
                return INVALID;
            }
            millis = scaleToMillis(fraction, end - fractionStart);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int scaleToMillis(int fraction, int digits) {
        int value = fraction;
        for (int d = digits; d < 3; d++) {
            value *= 10;
        }
        for (int d = digits; d > 3; d--) {
            value /= 10;
        }
        return value;
    }

    /** The non-negative value of {@code count} ASCII digits, or -1. */
    private static int digits(byte[] b, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
