package dev.daybook.bench;

import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import dev.daybook.connectors.reference.BundledReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The benchmark's input: Sequence event files from the project's generator, the bundled tokens, and a rates
 * file with a price for every coin on every day the events need (late rows included), so that nothing is
 * unpriced for want of a rate. The same configuration always gives the same bytes; a directory that already
 * holds the data of the same configuration is used as it is.
 *
 * <p>The rows are shaped like a real marketplace's: 200 projects of which the busiest has half the rows, 30
 * days, and the anomalies the pipeline must get right and the reference query must mirror: exact duplicates,
 * rows up to a week late, other event types, a currency missing from the tokens, rows with only a decimal
 * amount, rows whose decimal amount disagrees with the raw one. No malformed rows: they would only test that
 * both sides skip them.
 */
final class BenchData {

    static final LocalDate START = LocalDate.of(2024, 4, 1);
    static final int DAYS = 30;
    static final int PROJECTS = 200;
    static final int MAX_LATE_DAYS = 7;
    static final long SEED = 20_240_401;
    static final long ROWS_PER_FILE = 100_000;
    /** Rates are written with this many decimals, which the reference query relies on to stay exact. */
    static final int RATE_SCALE = 6;

    private static final String MARKER = "bench-data.properties";
    private static final Map<String, BigDecimal> BASE_PRICES = Map.of(
            "sunflower-land", new BigDecimal("0.06"),
            "usd-coin", BigDecimal.ONE,
            "bridged-usdc-polygon-pos-bridge", new BigDecimal("0.9995"),
            "matic-network", new BigDecimal("0.70"));

    /**
     * @param events  the event files' directory, for a {@code file://} source
     * @param rows    rows in all event files
     * @param bytes   bytes of all event files
     * @param transactions rows that are transactions (duplicates included)
     */
    record Layout(Path events, Path tokens, Path rates, long rows, long bytes, long transactions) {}

    private BenchData() {}

    static GeneratorConfig config(long rows) {
        return config(rows, ROWS_PER_FILE);
    }

    static GeneratorConfig config(long rows, long rowsPerFile) {
        return GeneratorConfig.builder()
                .rows(rows)
                .rowsPerFile(rowsPerFile)
                .startDate(START)
                .days(DAYS)
                .projects(PROJECTS)
                .seed(SEED)
                .late(0.02)
                .maxLateDays(MAX_LATE_DAYS)
                .duplicates(0.01)
                .malformed(0)
                .unknownCurrency(0.005)
                .otherEvents(0.05)
                .decimalOnly(0.005)
                .amountMismatch(0.002)
                .filePrefix("bench")
                .build();
    }

    /** The data of {@code rows} rows in {@code directory}, written unless it is there already. */
    static Layout prepare(Path directory, long rows) throws IOException {
        return prepare(directory, rows, ROWS_PER_FILE);
    }

    /** The data of {@code rows} rows in files of {@code rowsPerFile} rows in {@code directory}. */
    static Layout prepare(Path directory, long rows, long rowsPerFile) throws IOException {
        GeneratorConfig config = config(rows, rowsPerFile);
        Path events = directory.resolve("events");
        Path tokens = directory.resolve("tokens.csv");
        Path rates = directory.resolve("rates.csv");
        Path marker = directory.resolve(MARKER);
        Properties held = read(marker);
        if (!config.toString().equals(held.getProperty("generator"))) {
            deleteEventFiles(events);
            GenerationSummary summary = new SequenceGenerator(config).write(events);
            try (InputStream in = BundledReference.open(BundledReference.TOKENS)) {
                Files.copy(in, tokens, StandardCopyOption.REPLACE_EXISTING);
            }
            writeRates(rates, days());
            held = new Properties();
            held.setProperty("generator", config.toString());
            held.setProperty("transactions", Long.toString(summary.transactions()));
            try (Writer out = Files.newBufferedWriter(marker)) {
                held.store(out, "what this directory holds; delete it to generate again");
            }
        }
        long transactions = Long.parseLong(held.getProperty("transactions"));
        return new Layout(events, tokens, rates, rows, eventBytes(events), transactions);
    }

    /** Every day the events can fall on, late rows included. */
    static List<LocalDate> days() {
        return START.minusDays(MAX_LATE_DAYS).datesUntil(START.plusDays(DAYS)).toList();
    }

    /**
     * A made-up price, with {@value #RATE_SCALE} decimals, for every coin of the bundled tokens on each of the
     * days, varying by up to a percent from day to day.
     */
    static void writeRates(Path file, List<LocalDate> days) throws IOException {
        List<String> coins = BundledReference.tokens().stream()
                .map(row -> row.token().coinId())
                .distinct()
                .sorted()
                .toList();
        StringBuilder csv = new StringBuilder("date,coin_id,usd\n");
        for (int day = 0; day < days.size(); day++) {
            for (int coin = 0; coin < coins.size(); coin++) {
                BigDecimal base = BASE_PRICES.getOrDefault(coins.get(coin), BigDecimal.ONE);
                int permille = (day * 37 + coin * 11) % 21 - 10;
                BigDecimal price = base.add(base.multiply(BigDecimal.valueOf(permille, 3)))
                        .setScale(RATE_SCALE, RoundingMode.HALF_UP);
                csv.append(days.get(day))
                        .append(',')
                        .append(coins.get(coin))
                        .append(',')
                        .append(price.toPlainString())
                        .append('\n');
            }
        }
        Files.writeString(file, csv);
    }

    private static Properties read(Path marker) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(marker)) {
            try (Reader in = Files.newBufferedReader(marker)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static void deleteEventFiles(Path events) throws IOException {
        if (!Files.isDirectory(events)) {
            return;
        }
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static long eventBytes(Path events) throws IOException {
        try (Stream<Path> files = Files.list(events)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }
}
