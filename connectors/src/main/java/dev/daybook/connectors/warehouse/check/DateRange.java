package dev.daybook.connectors.warehouse.check;

import java.time.LocalDate;

/** The days a check covers, both ends included. */
public record DateRange(LocalDate from, LocalDate to) {

    /** Every day a DATE column of BigQuery or DuckDB can hold that Daybook writes. */
    public static final DateRange ALL = new DateRange(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));

    public DateRange {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the range starts (" + from + ") after it ends (" + to + ")");
        }
    }

    /** {@code from} and {@code to} in the given order, missing ends open. */
    public static DateRange of(LocalDate from, LocalDate to) {
        return new DateRange(from == null ? ALL.from : from, to == null ? ALL.to : to);
    }

    @Override
    public String toString() {
        return from + " to " + to;
    }
}
