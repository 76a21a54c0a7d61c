package dev.daybook.app.cli.options;

import dev.daybook.connectors.generate.GeneratorConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The options of {@code daybook generate}, for use as a picocli {@code @Mixin}. The defaults are
 * those of {@link GeneratorConfig#builder()}.
 */
public final class GenerateOptions {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "generated",
            description = "Directory to write the files to (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Rows in all files, headers not counted (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(
            names = "--rows-per-file",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Rows per file (default: ${DEFAULT-VALUE}).")
    long rowsPerFile;

    @Option(
            names = "--start-date",
            paramLabel = "DATE",
            defaultValue = "2024-04-15",
            description = "First UTC day of the rows (default: ${DEFAULT-VALUE}).")
    LocalDate startDate;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Days the rows span (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--projects",
            paramLabel = "N",
            defaultValue = "20",
            description = "Number of projects; the first gets about half the rows (default: ${DEFAULT-VALUE}).")
    int projects;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Random seed; the same options and seed give the same bytes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--late",
            paramLabel = "FRACTION",
            defaultValue = "0.02",
            description = "Fraction of late rows (default: ${DEFAULT-VALUE}).")
    double late;

    @Option(
            names = "--max-late-days",
            paramLabel = "N",
            defaultValue = "90",
            description = "How many days late a late row can be (default: ${DEFAULT-VALUE}).")
    int maxLateDays;

    @Option(
            names = "--duplicates",
            paramLabel = "FRACTION",
            defaultValue = "0.01",
            description = "Fraction of rows that copy an earlier row exactly (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(
            names = "--malformed",
            paramLabel = "FRACTION",
            defaultValue = "0.005",
            description = "Fraction of malformed rows (default: ${DEFAULT-VALUE}).")
    double malformed;

    @Option(
            names = "--unknown-currency",
            paramLabel = "FRACTION",
            defaultValue = "0.005",
            description = "Fraction of rows in a currency not in the tokens (default: ${DEFAULT-VALUE}).")
    double unknownCurrency;

    @Option(
            names = "--other-events",
            paramLabel = "FRACTION",
            defaultValue = "0.05",
            description = "Fraction of rows of other event types (default: ${DEFAULT-VALUE}).")
    double otherEvents;

    @Option(
            names = "--decimal-only",
            paramLabel = "FRACTION",
            defaultValue = "0.005",
            description = "Fraction of rows with only a decimal amount (default: ${DEFAULT-VALUE}).")
    double decimalOnly;

    @Option(
            names = "--amount-mismatch",
            paramLabel = "FRACTION",
            defaultValue = "0.002",
            description =
                    "Fraction of rows whose decimal amount disagrees with the raw one (default: ${DEFAULT-VALUE}).")
    double amountMismatch;

    @Option(names = "--gzip", defaultValue = "false", description = "Write .csv.gz files (default: ${DEFAULT-VALUE}).")
    boolean gzip;

    @Option(
            names = "--file-prefix",
            paramLabel = "PREFIX",
            defaultValue = "events",
            description = "Files are named <prefix>-00000.csv, … (default: ${DEFAULT-VALUE}).")
    String filePrefix;

    /** Where to write the files. */
    public Path out() {
        return out;
    }

    /** @throws IllegalArgumentException if the options are inconsistent, with a message for the user */
    public GeneratorConfig toConfig() {
        return GeneratorConfig.builder()
                .rows(rows)
                .rowsPerFile(rowsPerFile)
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
                .filePrefix(filePrefix)
                .build();
    }
}
