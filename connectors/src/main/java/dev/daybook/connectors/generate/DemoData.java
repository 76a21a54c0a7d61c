package dev.daybook.connectors.generate;

import dev.daybook.connectors.reference.BundledReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

/**
 * The demo data set, generated on demand rather than kept in git: three files of about 20,000 rows
 * over the week of 2024-04-15 to 2024-04-21, with late rows (up to 7 days back, so no earlier than
 * 2024-04-08), duplicates, malformed rows, unknown currencies and other events; plus the bundled
 * tokens and the made-up demo rates, which cover 2024-04-08 to 2024-04-21.
 */
public final class DemoData {

    public static final GeneratorConfig CONFIG = GeneratorConfig.builder()
            .rows(20_000)
            .rowsPerFile(6_667)
            .startDate(LocalDate.of(2024, 4, 15))
            .days(7)
            .projects(8)
            .seed(20_240_415)
            .late(0.02)
            .maxLateDays(7)
            .duplicates(0.01)
            .malformed(0.0045)
            .unknownCurrency(0.005)
            .otherEvents(0.05)
            .decimalOnly(0.005)
            .amountMismatch(0.002)
            .filePrefix("sequence-demo")
            .build();

    /**
     * Where the demo data was written.
     *
     * @param events the directory holding the event files (point a {@code file://} source at it)
     * @param tokens a tokens CSV
     * @param rates  a rates CSV for every day the events need
     */
    public record Layout(Path events, Path tokens, Path rates, GenerationSummary summary) {}

    private DemoData() {}

    /** Writes {@code events/}, {@code tokens.csv} and {@code rates.csv} into {@code directory}. */
    public static Layout write(Path directory) throws IOException {
        Path events = directory.resolve("events");
        GenerationSummary summary = new SequenceGenerator(CONFIG).write(events);
        Path tokens = copy(BundledReference.TOKENS, directory.resolve("tokens.csv"));
        Path rates = copy(BundledReference.DEMO_RATES, directory.resolve("rates.csv"));
        return new Layout(events, tokens, rates, summary);
    }

    private static Path copy(String bundled, Path target) throws IOException {
        try (InputStream in = BundledReference.open(bundled)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
