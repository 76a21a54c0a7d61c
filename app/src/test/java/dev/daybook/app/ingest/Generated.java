package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.generate.GeneratedRow;
import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.RowKind;
import dev.daybook.connectors.generate.SequenceGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sequence files written by the generator, and what ingesting them must give, row by row. */
final class Generated {

    /** The header line as the generator writes it, CRLF included. */
    static final int HEADER_BYTES = header().length();

    final List<GeneratedRow> rows = new ArrayList<>();
    final List<GenerationSummary> summaries = new ArrayList<>();

    GenerationSummary write(Path dir, GeneratorConfig config) throws IOException {
        GenerationSummary summary = new SequenceGenerator(config).write(dir, rows::add);
        summaries.add(summary);
        return summary;
    }

    long count(RowKind kind) {
        return rows.stream().filter(row -> row.kind() == kind).count();
    }

    long transactions() {
        return rows.stream().filter(row -> row.kind().decodesToTransaction()).count();
    }

    /** Rows that become transactions with both a raw and a decimal amount: those whose amounts are compared. */
    long withBothAmounts() {
        return rows.stream()
                .filter(row ->
                        row.kind().decodesToTransaction() && row.amountRaw() != null && row.amountDecimal() != null)
                .count();
    }

    /** {@code <uri>:<line> <event id>} of every row that must become a transaction. */
    List<String> expectedTransactions(Function<String, String> uriOfFile) {
        return rows.stream()
                .filter(row -> row.kind().decodesToTransaction())
                .map(row -> uriOfFile.apply(row.file()) + ":" + row.line() + " " + eventId(row.text()))
                .toList();
    }

    /** {@code <uri>:<line> <reason> <row>} of every row that must be dead-lettered. */
    List<String> expectedDeadLetters(Function<String, String> uriOfFile) {
        return rows.stream()
                .filter(row -> row.kind() == RowKind.MALFORMED)
                .map(row -> uriOfFile.apply(row.file()) + ":" + row.line() + " "
                        + row.malformedReason().code() + " " + row.text())
                .toList();
    }

    /** How many rows must be dead-lettered, by reason code. */
    Map<String, Long> deadLettersByReason() {
        return rows.stream()
                .filter(row -> row.kind() == RowKind.MALFORMED)
                .collect(Collectors.groupingBy(
                        row -> row.malformedReason().code(), TreeMap::new, Collectors.counting()));
    }

    /** Byte offset of the row after the first {@code rows} rows of a file (CRLF line ends). */
    long offsetAfter(String file, int rowsBefore) {
        long offset = HEADER_BYTES;
        int seen = 0;
        for (GeneratedRow row : rows) {
            if (row.file().equals(file) && seen++ < rowsBefore) {
                offset += row.text().getBytes(StandardCharsets.UTF_8).length + 2;
            }
        }
        return offset;
    }

    /** Decompressed size of a file. */
    long size(String file) {
        return offsetAfter(file, Integer.MAX_VALUE);
    }

    static String eventId(String row) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(row.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header() {
        return String.join(
                        ",",
                        SequenceFormat.COLUMNS.stream()
                                .map(c -> "\"" + c + "\"")
                                .toList()) + "\r\n";
    }

    static GeneratorConfig.Builder config(long rows, long rowsPerFile, String prefix, long seed) {
        return GeneratorConfig.builder()
                .rows(rows)
                .rowsPerFile(rowsPerFile)
                .filePrefix(prefix)
                .seed(seed);
    }
}
