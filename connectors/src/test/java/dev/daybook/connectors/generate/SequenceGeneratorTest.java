package dev.daybook.connectors.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.csv.BadHeaderException;
import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.MalformedReason;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.schemas.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceGeneratorTest {

    private static final GeneratorConfig CONFIG = GeneratorConfig.builder()
            .rows(5_000)
            .rowsPerFile(2_000)
            .projects(6)
            .seed(42)
            .late(0.03)
            .maxLateDays(30)
            .duplicates(0.02)
            .malformed(0.018)
            .unknownCurrency(0.01)
            .otherEvents(0.05)
            .decimalOnly(0.01)
            .amountMismatch(0.01)
            .build();

    @TempDir
    Path dir;

    @Test
    void theSameConfigurationAlwaysGivesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
        List<Path> first =
                new SequenceGenerator(CONFIG).write(dir.resolve("first")).files();
        List<Path> second =
                new SequenceGenerator(CONFIG).write(dir.resolve("second")).files();
        List<Path> reseeded = new SequenceGenerator(CONFIG.toBuilder().seed(43).build())
                .write(dir.resolve("third"))
                .files();

        assertThat(first)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("events-00000.csv", "events-00001.csv", "events-00002.csv");
        for (int i = 0; i < first.size(); i++) {
            assertThat(Files.readAllBytes(second.get(i))).isEqualTo(Files.readAllBytes(first.get(i)));
            assertThat(Files.readAllBytes(reseeded.get(i))).isNotEqualTo(Files.readAllBytes(first.get(i)));
        }
    }

    @Test
    void writesExactlyTheRequestedRowsOfEachKindAndTheDecoderAgrees() throws Exception {
        List<GeneratedRow> rows = new ArrayList<>();
        GenerationSummary summary = new SequenceGenerator(CONFIG).write(dir, rows::add);

        assertThat(summary.rowsByKind())
                .isEqualTo(Map.of(
                        RowKind.VALID,
                        4_260L,
                        RowKind.LATE,
                        150L,
                        RowKind.DUPLICATE,
                        100L,
                        RowKind.MALFORMED,
                        90L,
                        RowKind.UNKNOWN_CURRENCY,
                        50L,
                        RowKind.OTHER_EVENT,
                        250L,
                        RowKind.DECIMAL_ONLY,
                        50L,
                        RowKind.AMOUNT_MISMATCH,
                        50L));
        Map<MalformedReason, Long> tenEach = new EnumMap<>(MalformedReason.class);
        RowFactory.MALFORMED_REASONS.forEach(reason -> tenEach.put(reason, 10L));
        assertThat(summary.malformedByReason()).isEqualTo(tenEach);
        assertThat(rows).hasSize(5_000);

        Map<String, Decoded> decoded = decodeAll(summary.files());
        assertThat(decoded).hasSize(5_000);
        assertThat(decoded.values().stream()
                        .filter(d -> d instanceof Decoded.Transaction)
                        .count())
                .isEqualTo(summary.transactions());
        for (GeneratedRow row : rows) {
            Decoded result = decoded.get(row.file() + ":" + row.line());
            switch (row.kind()) {
                case MALFORMED ->
                    assertThat(((Decoded.Malformed) result).reason()).isEqualTo(row.malformedReason());
                case OTHER_EVENT ->
                    assertThat(((Decoded.Skipped) result).event()).isEqualTo(row.event());
                default -> assertMatches(((Decoded.Transaction) result).transaction(), row);
            }
        }
    }

    @Test
    void duplicatesRepeatAnEarlierRowAndSoItsEventId() throws Exception {
        List<GeneratedRow> rows = new ArrayList<>();
        GenerationSummary summary = new SequenceGenerator(CONFIG).write(dir, rows::add);
        Map<String, Decoded> decoded = decodeAll(summary.files());

        Set<String> seen = new HashSet<>();
        for (GeneratedRow row : rows) {
            if (!row.kind().decodesToTransaction()) {
                continue;
            }
            String eventId = ((Decoded.Transaction) decoded.get(row.file() + ":" + row.line()))
                    .transaction()
                    .eventId();
            assertThat(seen.add(eventId))
                    .as("row %s:%d of kind %s is new", row.file(), row.line(), row.kind())
                    .isEqualTo(row.kind() != RowKind.DUPLICATE);
        }
    }

    @Test
    void rowsRunThroughTheDaysAndLateRowsAreUpToMaxLateDaysBehind() throws IOException {
        List<GeneratedRow> rows = new ArrayList<>();
        new SequenceGenerator(CONFIG).write(dir, rows::add);

        LocalDate start = CONFIG.startDate();
        String latest = "";
        for (GeneratedRow row : rows) {
            if (!row.kind().decodesToTransaction() || row.kind() == RowKind.DUPLICATE) {
                continue;
            }
            LocalDate day = LocalDate.parse(row.day());
            if (row.kind() == RowKind.LATE) {
                assertThat(day).isBetween(start.minusDays(30), start.plusDays(6));
                assertThat(row.ts()).isLessThan(latest);
            } else {
                assertThat(day).isBetween(start, start.plusDays(6));
                latest = row.ts().compareTo(latest) > 0 ? row.ts() : latest;
            }
        }
        assertThat(rows.stream()
                        .filter(r -> r.kind() == RowKind.LATE)
                        .map(GeneratedRow::day)
                        .distinct()
                        .count())
                .isGreaterThan(20);
    }

    @Test
    void aboutHalfTheTransactionsBelongToTheFirstProject() throws IOException {
        List<GeneratedRow> rows = new ArrayList<>();
        new SequenceGenerator(CONFIG).write(dir, rows::add);

        List<GeneratedRow> valid =
                rows.stream().filter(r -> r.kind() == RowKind.VALID).toList();
        long first = valid.stream().filter(r -> r.projectId().equals("4974")).count();
        assertThat((double) first / valid.size()).isBetween(0.45, 0.55);
        assertThat(valid.stream().map(GeneratedRow::projectId).distinct())
                .containsExactlyInAnyOrder("4974", "0", "102", "103", "104", "105");
    }

    @Test
    void gzipFilesHoldTheSameRows() throws Exception {
        GenerationSummary plain = new SequenceGenerator(CONFIG).write(dir.resolve("plain"));
        GenerationSummary gzip =
                new SequenceGenerator(CONFIG.toBuilder().gzip(true).build()).write(dir.resolve("gzip"));

        assertThat(gzip.files())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("events-00000.csv.gz", "events-00001.csv.gz", "events-00002.csv.gz");
        for (int i = 0; i < plain.files().size(); i++) {
            try (InputStream in =
                    new GZIPInputStream(Files.newInputStream(gzip.files().get(i)))) {
                assertThat(in.readAllBytes())
                        .isEqualTo(Files.readAllBytes(plain.files().get(i)));
            }
        }
    }

    @Test
    void leavesNoTemporaryFilesAndWritesNothingForZeroRows() throws IOException {
        new SequenceGenerator(CONFIG).write(dir);
        GenerationSummary empty =
                new SequenceGenerator(CONFIG.toBuilder().rows(0).build()).write(dir.resolve("empty"));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("events-00000.csv", "events-00001.csv", "events-00002.csv", "empty");
        }
        assertThat(empty.files()).isEmpty();
        assertThat(empty.rows()).isZero();
    }

    @Test
    void cleanRowsAreAllValid() throws IOException {
        GenerationSummary summary = new SequenceGenerator(
                        GeneratorConfig.builder().rows(100).clean().build())
                .write(dir);

        assertThat(summary.rowsByKind()).containsOnly(Map.entry(RowKind.VALID, 100L));
    }

    private static void assertMatches(Transaction transaction, GeneratedRow row) {
        assertThat(transaction.event()).isEqualTo(row.event());
        assertThat(transaction.day()).isEqualTo(LocalDate.parse(row.day()));
        assertThat(transaction.projectId()).isEqualTo(row.projectId());
        assertThat(transaction.chainId()).isEqualTo(row.chainId());
        assertThat(transaction.currencyAddress()).isEqualTo(row.currencyAddress());
        assertThat(transaction.amountRaw()).isEqualTo(row.amountRaw());
        if (row.amountRaw() == null) {
            assertThat(transaction.amountDecimal()).isEqualTo(new BigDecimal(row.amountDecimal()));
        }
    }

    /** Every decoded row by {@code file:line}. */
    private static Map<String, Decoded> decodeAll(List<Path> files) throws IOException, BadHeaderException {
        Map<String, Decoded> all = new HashMap<>();
        for (Path file : files) {
            try (SequenceDecoder decoder = SequenceDecoder.open(
                    Files.newInputStream(file), file.toUri().toString(), 0)) {
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    all.put(file.getFileName() + ":" + d.line(), d);
                }
            }
        }
        return all;
    }
}
