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
 * Reads a small reference CSV with a fixed header: checks the header, the column count of every
 * line and that keys are unique, and reports each problem as one {@link ReferenceFileException}.
 * Fields are trimmed; blank lines are skipped.
 */
final class ReferenceCsv {

    /** One data line: its fields and line number, and the file's name for messages. */
    record Line(String source, long number, List<String> fields) {

        static final int MAX_DECIMAL_LENGTH = 100;
        private static final int MAX_QUOTED_LENGTH = 40;
        private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

        String get(int column) {
            return fields.get(column);
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
     * @param key the uniqueness key of a parsed line, described in the duplicate message
     */
    static <T> List<T> read(
            InputStream in, String source, List<String> header, LineParser<T> parser, Function<T, String> key)
            throws IOException {
        List<T> rows = new ArrayList<>();
        Map<String, Long> firstLineOfKey = new HashMap<>();
        try (CsvRecordReader reader = CsvRecordReader.fromStart(in)) {
            if (!reader.next()) {
                throw new ReferenceFileException(
                        source, 1, "the file is empty; it must start with the header " + String.join(",", header));
            }
            List<String> found = fields(reader, source);
            if (!found.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList().equals(header)) {
                throw new ReferenceFileException(
                        source,
                        reader.line(),
                        "the header must be " + String.join(",", header) + ", found " + String.join(",", found));
            }
            while (reader.next()) {
                List<String> fields = fields(reader, source);
                Line line = new Line(source, reader.line(), fields);
                if (fields.size() != header.size()) {
                    throw line.problem("expected " + header.size() + " columns (" + String.join(",", header)
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
