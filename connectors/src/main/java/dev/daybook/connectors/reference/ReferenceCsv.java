package dev.daybook.connectors.reference;

import dev.daybook.connectors.csv.CsvRecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a small reference CSV with a fixed header, its required columns first, then any of its optional
 * columns in any order: checks the header, the column count of every line and that keys are unique, and
 * reports each problem as one {@link ReferenceFileException}. Fields are trimmed; blank lines are skipped.
 */
final class ReferenceCsv {

    /** One data line: its fields under the file's columns, its line number, and the file's name for messages. */
    record Line(String source, long number, List<String> columns, List<String> fields) {

        static final int MAX_DECIMAL_LENGTH = 100;
        private static final int MAX_QUOTED_LENGTH = 40;
        private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

        String get(int column) {
            return fields.get(column);
        }

        /** The field of an optional column; empty when the file has no such column. */
        String get(String column) {
            int index = columns.indexOf(column);
            return index < 0 ? "" : get(index);
        }

        /** An optional column's decimal, by the rules of {@link #requireNonNegativeDecimal}; null when empty. */
        BigDecimal optionalNonNegativeDecimal(String column) throws ReferenceFileException {
            int index = columns.indexOf(column);
            return index < 0 || get(index).isEmpty() ? null : requireNonNegativeDecimal(index, column);
        }

        ReferenceFileException problem(String message) {
            return new ReferenceFileException(source, number, message);
        }

        String requireText(int column, String name) throws ReferenceFileException {
            String value = get(column);
            if (value.isEmpty()) {
                throw problem(name + " is empty; give a value");
            }
            return value;
        }

        long requireNonNegativeLong(int column, String name) throws ReferenceFileException {
            String value = get(column);
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw problem(name + " '" + value + "' is not a non-negative integer");
        }

        /**
         * Plain notation only, at most {@link #MAX_DECIMAL_LENGTH} characters: an exponent such as
         * {@code 1E+999999999} would make a short text a number too large to print or compute with.
         */
        BigDecimal requireNonNegativeDecimal(int column, String name) throws ReferenceFileException {
            String value = get(column);
            if (value.length() <= MAX_DECIMAL_LENGTH
                    && PLAIN_DECIMAL.matcher(value).matches()) {
                return new BigDecimal(value);
            }
            throw problem(name + " '" + abbreviate(value) + "' is not a non-negative decimal number like 0.0625"
                    + " (plain digits, no exponent, at most " + MAX_DECIMAL_LENGTH + " characters)");
        }

        private static String abbreviate(String value) {
            return value.length() <= MAX_QUOTED_LENGTH ? value : value.substring(0, MAX_QUOTED_LENGTH) + "...";
        }
    }

    interface LineParser<T> {
        T parse(Line line) throws ReferenceFileException;
    }

    private ReferenceCsv() {}

    /**
     * @param optional the columns a file may add after {@code header}, each at most once, in any order
     * @param key the uniqueness key of a parsed line, described in the duplicate message
     */
    static <T> List<T> read(
            InputStream in,
            String source,
            List<String> header,
            List<String> optional,
            LineParser<T> parser,
            Function<T, String> key)
            throws IOException {
        List<T> rows = new ArrayList<>();
        Map<String, Long> firstLineOfKey = new HashMap<>();
        try (CsvRecordReader reader = CsvRecordReader.fromStart(in)) {
            if (!reader.next()) {
                throw new ReferenceFileException(
                        source, 1, "the file is empty; it must start with the header " + String.join(",", header));
            }
            List<String> columns = columns(fields(reader, source), header, optional, source, reader.line());
            while (reader.next()) {
                List<String> fields = fields(reader, source);
                Line line = new Line(source, reader.line(), columns, fields);
                if (fields.size() != columns.size()) {
                    throw line.problem("expected " + columns.size() + " columns (" + String.join(",", columns)
                            + "), found " + fields.size());
                }
                T row = parser.parse(line);
                Long first = firstLineOfKey.putIfAbsent(key.apply(row), line.number());
                if (first != null) {
                    throw line.problem(
                            key.apply(row) + " is listed twice (first on line " + first + "); keep one line for it");
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The file's columns, lower-cased, if its header is {@code header} followed by distinct optional columns. */
    private static List<String> columns(
            List<String> found, List<String> header, List<String> optional, String source, long line)
            throws ReferenceFileException {
        List<String> columns =
                found.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
        List<String> added = columns.subList(Math.min(header.size(), columns.size()), columns.size());
        if (columns.size() < header.size()
                || !columns.subList(0, header.size()).equals(header)
                || !optional.containsAll(added)
                || added.stream().distinct().count() != added.size()) {
            String wanted = String.join(",", header)
                    + (optional.isEmpty() ? "" : ", optionally followed by any of " + String.join(",", optional));
            throw new ReferenceFileException(
                    source, line, "the header must be " + wanted + ", found " + String.join(",", found));
        }
        return columns;
    }

    private static List<String> fields(CsvRecordReader reader, String source) throws ReferenceFileException {
        if (reader.tooLong() || reader.syntaxError() != null) {
            throw new ReferenceFileException(
                    source,
                    reader.line(),
                    "not a valid CSV line (" + (reader.tooLong() ? "too long" : reader.syntaxError()) + ")");
        }
        List<String> fields = new ArrayList<>(reader.fieldCount());
        for (int i = 0; i < reader.fieldCount(); i++) {
            fields.add(reader.field(i).trim());
        }
        return fields;
    }
}
