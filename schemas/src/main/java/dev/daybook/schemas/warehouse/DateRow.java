package dev.daybook.schemas.warehouse;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * One row of the date dimension table: a UTC day and its calendar attributes, all derived from the day.
 *
 * @param isoYear   the ISO 8601 week-based year (the year of the week's Thursday)
 * @param isoWeek   the ISO 8601 week, 1 to 53
 * @param dayOfWeek 1 (Monday) to 7 (Sunday)
 */
public record DateRow(
        LocalDate date, int year, int quarter, int month, int isoYear, int isoWeek, int dayOfWeek, boolean isWeekend) {

    public static DateRow of(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return new DateRow(
                date,
                date.getYear(),
                date.get(IsoFields.QUARTER_OF_YEAR),
                date.getMonthValue(),
                date.get(IsoFields.WEEK_BASED_YEAR),
                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                day.getValue(),
                day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY);
    }
}
