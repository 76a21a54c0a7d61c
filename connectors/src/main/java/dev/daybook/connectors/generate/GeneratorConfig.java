package dev.daybook.connectors.generate;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate. Fractions are of {@code rows} and become exact row counts ({@link #counts()}):
 * the rows left over are {@link RowKind#VALID}.
 *
 * @param rows            rows in all files, header lines not counted
 * @param startDate       first UTC day of the rows' times
 * @param days            how many days the (non-late) rows span
 * @param projects        how many projects; the first gets about half the rows
 * @param seed            the same configuration and seed always give the same bytes
 * @param late            fraction of {@link RowKind#LATE} rows
 * @param maxLateDays     how far before its neighbours a late row may be, in days (at least 1)
 * @param duplicates      fraction of {@link RowKind#DUPLICATE} rows
 * @param malformed       fraction of {@link RowKind#MALFORMED} rows
 * @param unknownCurrency fraction of {@link RowKind#UNKNOWN_CURRENCY} rows
 * @param otherEvents     fraction of {@link RowKind#OTHER_EVENT} rows
 * @param decimalOnly     fraction of {@link RowKind#DECIMAL_ONLY} rows
 * @param amountMismatch  fraction of {@link RowKind#AMOUNT_MISMATCH} rows
 * @param gzip            write {@code .csv.gz} files instead of {@code .csv}
 * @param rowsPerFile     rows per file; the last file may have fewer
 * @param filePrefix      files are named {@code <prefix>-00000.csv}, {@code <prefix>-00001.csv}, …
 */
public record GeneratorConfig(
        long rows,
        LocalDate startDate,
        int days,
        int projects,
        long seed,
        double late,
        int maxLateDays,
        double duplicates,
        double malformed,
        double unknownCurrency,
        double otherEvents,
        double decimalOnly,
        double amountMismatch,
        boolean gzip,
        long rowsPerFile,
        String filePrefix) {

    public GeneratorConfig {
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(filePrefix, "filePrefix");
        require(rows >= 0, "rows must not be negative");
        require(days >= 1, "days must be at least 1");
        require(projects >= 1, "projects must be at least 1");
        require(maxLateDays >= 1, "maxLateDays must be at least 1");
        require(rowsPerFile >= 1, "rowsPerFile must be at least 1");
        require(
                !filePrefix.isBlank() && !filePrefix.contains("/") && !filePrefix.startsWith("."),
                "filePrefix must be a plain file name start, got '" + filePrefix + "'");
        double sum = 0;
        for (double fraction :
                new double[] {late, duplicates, malformed, unknownCurrency, otherEvents, decimalOnly, amountMismatch}) {
            require(fraction >= 0 && fraction <= 1, "fractions must be between 0 and 1");
            sum += fraction;
        }
        require(sum <= 1, "the fractions add up to more than 1");
        countsOf(rows, late, duplicates, malformed, unknownCurrency, otherEvents, decimalOnly, amountMismatch);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The exact number of rows of each kind that will be generated. */
    public Map<RowKind, Long> counts() {
        return countsOf(rows, late, duplicates, malformed, unknownCurrency, otherEvents, decimalOnly, amountMismatch);
    }

    private static Map<RowKind, Long> countsOf(
            long rows,
            double late,
            double duplicates,
            double malformed,
            double unknownCurrency,
            double otherEvents,
            double decimalOnly,
            double amountMismatch) {
        EnumMap<RowKind, Long> counts = new EnumMap<>(RowKind.class);
        counts.put(RowKind.LATE, Math.round(rows * late));
        counts.put(RowKind.DUPLICATE, Math.round(rows * duplicates));
        counts.put(RowKind.MALFORMED, Math.round(rows * malformed));
        counts.put(RowKind.UNKNOWN_CURRENCY, Math.round(rows * unknownCurrency));
        counts.put(RowKind.OTHER_EVENT, Math.round(rows * otherEvents));
        counts.put(RowKind.DECIMAL_ONLY, Math.round(rows * decimalOnly));
        counts.put(RowKind.AMOUNT_MISMATCH, Math.round(rows * amountMismatch));
        long valid = rows - counts.values().stream().mapToLong(Long::longValue).sum();
        require(valid >= 0, "the fractions round to more rows than " + rows + ": " + counts);
        counts.put(RowKind.VALID, valid);
        long copyable = valid
                + counts.get(RowKind.LATE)
                + counts.get(RowKind.DECIMAL_ONLY)
                + counts.get(RowKind.AMOUNT_MISMATCH);
        require(counts.get(RowKind.DUPLICATE) == 0 || copyable > 0, "duplicates need rows to copy: " + counts);
        return Collections.unmodifiableMap(counts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .rows(rows)
                .startDate(startDate)
                .days(days)
                .projects(projects)
                .seed(seed)
                .late(late)
                .maxLateDays(maxLateDays)
                .duplicates(duplicates)
                .malformed(malformed)
                .unknownCurrency(unknownCurrency)
                .otherEvents(otherEvents)
                .decimalOnly(decimalOnly)
                .amountMismatch(amountMismatch)
                .gzip(gzip)
                .rowsPerFile(rowsPerFile)
                .filePrefix(filePrefix);
    }

    /** Starts from the defaults of {@code daybook generate}. */
    public static final class Builder {
        private long rows = 100_000;
        private LocalDate startDate = LocalDate.of(2024, 4, 15);
        private int days = 7;
        private int projects = 20;
        private long seed = 1;
        private double late = 0.02;
        private int maxLateDays = 90;
        private double duplicates = 0.01;
        private double malformed = 0.005;
        private double unknownCurrency = 0.005;
        private double otherEvents = 0.05;
        private double decimalOnly = 0.005;
        private double amountMismatch = 0.002;
        private boolean gzip;
        private long rowsPerFile = 100_000;
        private String filePrefix = "events";

        private Builder() {}

        public Builder rows(long value) {
            rows = value;
            return this;
        }

        public Builder startDate(LocalDate value) {
            startDate = value;
            return this;
        }

        public Builder days(int value) {
            days = value;
            return this;
        }

        public Builder projects(int value) {
            projects = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder late(double value) {
            late = value;
            return this;
        }

        public Builder maxLateDays(int value) {
            maxLateDays = value;
            return this;
        }

        public Builder duplicates(double value) {
            duplicates = value;
            return this;
        }

        public Builder malformed(double value) {
            malformed = value;
            return this;
        }

        public Builder unknownCurrency(double value) {
            unknownCurrency = value;
            return this;
        }

        public Builder otherEvents(double value) {
            otherEvents = value;
            return this;
        }

        public Builder decimalOnly(double value) {
            decimalOnly = value;
            return this;
        }

        public Builder amountMismatch(double value) {
            amountMismatch = value;
            return this;
        }

        /** Sets every anomaly fraction to 0: only VALID rows. */
        public Builder clean() {
            return late(0).duplicates(0)
                    .malformed(0)
                    .unknownCurrency(0)
                    .otherEvents(0)
                    .decimalOnly(0)
                    .amountMismatch(0);
        }

        public Builder gzip(boolean value) {
            gzip = value;
            return this;
        }

        public Builder rowsPerFile(long value) {
            rowsPerFile = value;
            return this;
        }

        public Builder filePrefix(String value) {
            filePrefix = value;
            return this;
        }

        public GeneratorConfig build() {
            return new GeneratorConfig(
                    rows,
                    startDate,
                    days,
                    projects,
                    seed,
                    late,
                    maxLateDays,
                    duplicates,
                    malformed,
                    unknownCurrency,
                    otherEvents,
                    decimalOnly,
                    amountMismatch,
                    gzip,
                    rowsPerFile,
                    filePrefix);
        }
    }
}
