package dev.daybook.connectors.warehouse.check;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A row of the warehouse that does not reconcile: which check found it, its (date, project_id), what was
 * compared ({@code detail}, e.g. a column, an event id or a currency) and the two values, as text. A number
 * is kept in its shortest plain form ({@code 3001.760000} and {@code 3001.76} alike are {@code 3001.76}), so
 * that both warehouses report the same value the same way.
 *
 * @param expected the value the other side of the check implies
 * @param actual   the value the warehouse holds
 */
public record Discrepancy(
        String check, LocalDate date, String projectId, String detail, String expected, String actual) {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    public Discrepancy {
        expected = shortest(expected);
        actual = shortest(actual);
    }

    private static String shortest(String value) {
        if (value == null || !PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return new BigDecimal(value).stripTrailingZeros().toPlainString();
    }
}
