package dev.daybook.app.cli;

import dev.daybook.connectors.generate.GeneratedRow;
import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.RowKind;
import dev.daybook.connectors.generate.SequenceGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generated Sequence files with every kind of awkward row, the test's own tokens and rates files, and the
 * daily-volume table they must produce, computed here from the generator's own account of each row with
 * plain BigDecimal arithmetic (no production class is involved in the expectation).
 */
public final class GeneratedScenario {

    static final LocalDate DEFAULT_START = LocalDate.of(2024, 4, 15);
    static final int DAYS = 3;
    static final int MAX_LATE_DAYS = 3;

    /** The marketplace currencies (chain:address) with decimals and coin, as the format description lists them. */
    private static final Map<String, Currency> CURRENCIES = Map.of(
            "137:0xd1f9c58e33933a993a3891f8acfe05a68e1afc05",
                    new Currency("SFL", 18, "sunflower-land", "0.061234567890123457"),
            "137:0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", new Currency("USDC", 6, "usd-coin", "1.000123"),
            "137:0x2791bca1f2de4661ed88a30c99a7a9449aa84174",
                    new Currency("USDC.E", 6, "bridged-usdc-polygon-pos-bridge", "0.999877"),
            "137:0x0000000000000000000000000000000000000000",
                    new Currency("MATIC", 18, "matic-network", "0.7123456789"),
            "43114:0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", new Currency("USDC", 6, "usd-coin", "1.000123"));

    /** The rate that reaches Daybook only after the transactions it prices: SFL on the first day. */
    static final String LATE_RATE_COIN = "sunflower-land";

    private record Currency(String symbol, int decimals, String coinId, String baseUsd) {}

    public final LocalDate start;
    public final Path events;
    public final Path tokens;
    public final Path allRates;
    public final Path ratesWithoutLateOne;
    public final GenerationSummary summary;
    public final List<GeneratedRow> rows;

    private GeneratedScenario(
            LocalDate start,
            Path events,
            Path tokens,
            Path allRates,
            Path ratesWithoutLateOne,
            GenerationSummary summary,
            List<GeneratedRow> rows) {
        this.start = start;
        this.events = events;
        this.tokens = tokens;
        this.allRates = allRates;
        this.ratesWithoutLateOne = ratesWithoutLateOne;
        this.summary = summary;
        this.rows = rows;
    }

    /** The options of a run that reads the scenario's files with its tokens and all its rates. */
    public List<String> inputOptions() {
        return List.of(
                "--source", events.toUri().toString(), "--tokens", tokens.toString(), "--rates", "file:" + allRates);
    }

    public static GeneratedScenario write(Path dir, long rowCount, long rowsPerFile, long seed) throws IOException {
        return write(dir, DEFAULT_START, rowCount, rowsPerFile, seed);
    }

    public static GeneratedScenario write(Path dir, LocalDate start, long rowCount, long rowsPerFile, long seed)
            throws IOException {
        GeneratorConfig config = GeneratorConfig.builder()
                .rows(rowCount)
                .rowsPerFile(rowsPerFile)
                .startDate(start)
                .days(DAYS)
                .projects(4)
                .seed(seed)
                .late(0.05)
                .maxLateDays(MAX_LATE_DAYS)
                .duplicates(0.04)
                .malformed(0.0135)
                .unknownCurrency(0.02)
                .otherEvents(0.05)
                .decimalOnly(0.01)
                .amountMismatch(0.01)
                .build();
        List<GeneratedRow> rows = new ArrayList<>();
        Path events = dir.resolve("events");
        GenerationSummary summary = new SequenceGenerator(config).write(events, rows::add);

        StringBuilder tokens = new StringBuilder("chain_id,address,symbol,decimals,coin_id\n");
        CURRENCIES.forEach((key, currency) -> tokens.append(key.replace(':', ','))
                .append(',')
                .append(currency.symbol)
                .append(',')
                .append(currency.decimals)
                .append(',')
                .append(currency.coinId)
                .append('\n'));
        StringBuilder all = new StringBuilder("date,coin_id,usd\n");
        StringBuilder partial = new StringBuilder("date,coin_id,usd\n");
        for (Map.Entry<String, BigDecimal> rate : rates(start).entrySet()) {
            String[] coinDay = rate.getKey().split(":", -1);
            String line = coinDay[1] + "," + coinDay[0] + "," + rate.getValue().toPlainString() + "\n";
            all.append(line);
            if (!rate.getKey().equals(LATE_RATE_COIN + ":" + start)) {
                partial.append(line);
            }
        }
        return new GeneratedScenario(
                start,
                events,
                Files.writeString(dir.resolve("tokens.csv"), tokens),
                Files.writeString(dir.resolve("rates.csv"), all),
                Files.writeString(dir.resolve("rates-partial.csv"), partial),
                summary,
                rows);
    }

    /** A rate for every coin and every day a row can fall on: "coin:day" to USD. */
    private static Map<String, BigDecimal> rates(LocalDate start) {
        Map<String, BigDecimal> rates = new TreeMap<>();
        for (Currency currency : CURRENCIES.values()) {
            for (LocalDate day = start.minusDays(MAX_LATE_DAYS);
                    day.isBefore(start.plusDays(DAYS));
                    day = day.plusDays(1)) {
                BigDecimal dayPart = new BigDecimal("0.000317").multiply(BigDecimal.valueOf(day.getDayOfMonth()));
                rates.put(currency.coinId + ":" + day, new BigDecimal(currency.baseUsd).add(dayPart));
            }
        }
        return rates;
    }

    /**
     * The table as CSV, header and one line per (day, project) sorted by day then project id, total in plain
     * notation without trailing zeros.
     *
     * @param lateRateKnown whether the late rate has arrived
     */
    public String expectedCsv(boolean lateRateKnown) {
        Map<String, BigDecimal> rates = rates(start);
        if (!lateRateKnown) {
            rates.remove(LATE_RATE_COIN + ":" + start);
        }
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> volumes = new TreeMap<>();
        for (GeneratedRow row : rows) {
            if (!row.kind().decodesToTransaction() || row.kind() == RowKind.DUPLICATE) {
                continue;
            }
            String key = row.day() + "," + row.projectId();
            long[] count = counts.computeIfAbsent(key, k -> new long[2]);
            volumes.putIfAbsent(key, BigDecimal.ZERO);
            count[0]++;
            Currency currency = currencyOf(row);
            BigDecimal rate = currency == null ? null : rates.get(currency.coinId + ":" + row.day());
            if (rate == null) {
                count[1]++;
                continue;
            }
            BigDecimal amount = row.amountRaw() != null
                    ? new BigDecimal(row.amountRaw(), currency.decimals)
                    : new BigDecimal(row.amountDecimal());
            volumes.merge(key, amount.multiply(rate), BigDecimal::add);
        }
        StringBuilder csv =
                new StringBuilder("date,project_id,num_transactions,total_volume_usd,unpriced_transactions\n");
        counts.forEach((key, count) -> csv.append(key)
                .append(',')
                .append(count[0])
                .append(',')
                .append(volumes.get(key).stripTrailingZeros().toPlainString())
                .append(',')
                .append(count[1])
                .append('\n'));
        return csv.toString();
    }

    /** How many transactions the warehouse's raw layer holds once every file is ingested: each accepted one once. */
    public long expectedTransactions() {
        return rows.stream()
                .filter(row -> row.kind().decodesToTransaction() && row.kind() != RowKind.DUPLICATE)
                .count();
    }

    /**
     * The JSON summary of a run after which every file is ingested, up to its elapsed time: its totals are those of
     * all the files, whichever run ingested them.
     */
    public String expectedSummaryPrefix(long tableRows) {
        return expectedSummaryPrefix(tableRows, 0);
    }

    /** @param otherDeadLetters records dead-lettered besides the malformed rows of the files */
    public String expectedSummaryPrefix(long tableRows, long otherDeadLetters) {
        String totals = expectedCounts(fileNames(), otherDeadLetters);
        return totals.substring(0, totals.length() - 1) + ",\"table_rows\":" + tableRows + ",\"elapsed_ms\":";
    }

    /**
     * The summary's counts, as its JSON object, for ingesting these files after any earlier ones: the first copy of
     * a row is always in an earlier file or earlier in the same file, so every duplicate among them is dropped.
     *
     * @param otherDeadLetters records dead-lettered besides the malformed rows of the files
     */
    public String expectedCounts(Collection<String> files, long otherDeadLetters) {
        List<GeneratedRow> read =
                rows.stream().filter(row -> files.contains(row.file())).toList();
        return "{\"rows_read\":" + read.size()
                + ",\"transactions\":"
                + read.stream().filter(row -> row.kind().decodesToTransaction()).count()
                + ",\"duplicates\":" + count(read, RowKind.DUPLICATE) + ",\"skipped\":"
                + count(read, RowKind.OTHER_EVENT)
                + ",\"dead_lettered\":" + (count(read, RowKind.MALFORMED) + otherDeadLetters)
                + ",\"objects\":" + files.size() + ",\"amount_disagreements\":" + amountDisagreements(read)
                + ",\"amount_unchecked\":" + amountsUnchecked(read) + "}";
    }

    /** The names of the generated files, in the order written. */
    public List<String> fileNames() {
        return summary.files().stream()
                .map(file -> file.getFileName().toString())
                .toList();
    }

    private static long count(List<GeneratedRow> rows, RowKind kind) {
        return rows.stream().filter(row -> row.kind() == kind).count();
    }

    /**
     * Rows that disagree: transactions (copies included, the ingester reads each) in a known currency whose
     * decimal amount is not their raw amount scaled by its decimals. The generator writes an agreeing decimal
     * exactly, so a plain comparison finds them.
     */
    private static long amountDisagreements(List<GeneratedRow> rows) {
        return withBothAmounts(rows)
                .filter(row -> {
                    Currency currency = currencyOf(row);
                    return currency != null
                            && new BigDecimal(row.amountDecimal())
                                            .compareTo(new BigDecimal(row.amountRaw(), currency.decimals))
                                    != 0;
                })
                .count();
    }

    /** Rows whose amounts cannot be compared: transactions with both amounts in an unknown currency. */
    private static long amountsUnchecked(List<GeneratedRow> rows) {
        return withBothAmounts(rows).filter(row -> currencyOf(row) == null).count();
    }

    private static Stream<GeneratedRow> withBothAmounts(List<GeneratedRow> rows) {
        return rows.stream()
                .filter(row ->
                        row.kind().decodesToTransaction() && row.amountRaw() != null && row.amountDecimal() != null);
    }

    private static Currency currencyOf(GeneratedRow row) {
        return CURRENCIES.get(row.chainId() + ":" + row.currencyAddress().toLowerCase(Locale.ROOT));
    }
}
