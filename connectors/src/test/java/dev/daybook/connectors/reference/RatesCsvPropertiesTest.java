package dev.daybook.connectors.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.schemas.Rate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the rates file reader over generated files: what is written exactly is read exactly. */
class RatesCsvPropertiesTest {

    private static final String SOURCE = "file:/rates.csv";

    /** One line of a generated file: what it states, keyed by the rates topic key. */
    record Line(LocalDate date, String coinId, Rate rate) {

        RateRow row() {
            return new RateRow(date, coinId, rate);
        }
    }

    @Property(tries = 300)
    void everyFileReadsBackExactlyWhatItStates(
            @ForAll("lines") List<Line> lines,
            @ForAll("optionalColumns") List<String> optional,
            @ForAll boolean upperCaseHeader,
            @ForAll @IntRange(max = 3) int padding)
            throws IOException {
        String header = String.join(",", concat(RatesCsv.HEADER, optional));
        StringBuilder file = new StringBuilder(upperCaseHeader ? header.toUpperCase(Locale.ROOT) : header);
        file.append('\n');
        String pad = " ".repeat(padding);
        for (Line line : lines) {
            List<String> fields = new ArrayList<>(List.of(
                    line.date().toString(), line.coinId(), line.rate().usd().toPlainString()));
            for (String column : optional) {
                BigDecimal value = column.equals(RatesCsv.MARKET_CAP_USD)
                        ? line.rate().marketCapUsd()
                        : line.rate().volume24hUsd();
                fields.add(value == null ? "" : value.toPlainString());
            }
            file.append(pad)
                    .append(String.join(pad + "," + pad, fields))
                    .append(pad)
                    .append('\n');
        }

        List<RateRow> read = read(file.toString());

        assertThat(read)
                .containsExactlyElementsOf(lines.stream()
                        .map(line -> dropMissing(line, optional).row())
                        .toList());
        read.forEach(row -> assertThat(row.rate().usd().scale()).isNotNegative());
    }

    @Property(tries = 300)
    void aNegativeOrExponentFigureInAnyColumnIsRefusedNamingItsLineAndColumn(
            @ForAll("lines") List<Line> lines,
            @ForAll @IntRange(min = 2, max = 4) int column,
            @ForAll("badFigures") String bad) {
        List<String> header = concat(RatesCsv.HEADER, RatesCsv.OPTIONAL);
        StringBuilder file = new StringBuilder(String.join(",", header)).append('\n');
        for (Line line : lines) {
            file.append(line.date()).append(',').append(line.coinId()).append(",1,2,3\n");
        }
        String[] fields = {"2099-01-01", "bad-coin", "1", "2", "3"};
        fields[column] = bad;
        file.append(String.join(",", fields)).append('\n');

        assertThatThrownBy(() -> read(file.toString()))
                .isInstanceOf(ReferenceFileException.class)
                .hasMessageStartingWith("rates.csv:" + (lines.size() + 2) + ": " + header.get(column) + " '");
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<LocalDate> dates = Arbitraries.integers()
                .between(0, 3000)
                .map(days -> LocalDate.of(2018, 1, 1).plusDays(days));
        Arbitrary<String> coins = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('-', '0')
                .ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<BigDecimal> optionalFigures = figures().injectNull(0.3);
        Arbitrary<Line> line = Combinators.combine(dates, coins, figures(), optionalFigures, optionalFigures)
                .as((date, coin, usd, cap, volume) -> new Line(date, coin, new Rate(usd, cap, volume, SOURCE)));
        return line.list().ofMaxSize(30).map(all -> {
            Map<String, Line> unique = new TreeMap<>();
            all.forEach(l -> unique.putIfAbsent(l.row().key(), l));
            return List.copyOf(unique.values());
        });
    }

    /** Exact decimals in plain notation as a file would carry them: up to 30 integer and 40 fractional digits. */
    static Arbitrary<BigDecimal> figures() {
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(70));
        return Combinators.combine(unscaled, Arbitraries.integers().between(0, 40))
                .as(BigDecimal::new)
                .filter(value -> value.precision() - value.scale() <= 30);
    }

    @Provide
    Arbitrary<List<String>> optionalColumns() {
        return Arbitraries.subsetOf(RatesCsv.OPTIONAL).flatMap(set -> Arbitraries.shuffle(List.copyOf(set)));
    }

    @Provide
    Arbitrary<String> badFigures() {
        return Arbitraries.oneOf(
                figures().map(value -> "-" + value.toPlainString()),
                figures().map(value -> value.unscaledValue() + "E" + (value.scale() + 1)),
                Arbitraries.of(".5", "5.", "0x10", "NaN", "Infinity", "+1", "1_000", "١٢"),
                Arbitraries.strings().numeric().ofLength(101));
    }

    private static Line dropMissing(Line line, List<String> optional) {
        Rate rate = line.rate();
        return new Line(
                line.date(),
                line.coinId(),
                new Rate(
                        rate.usd(),
                        optional.contains(RatesCsv.MARKET_CAP_USD) ? rate.marketCapUsd() : null,
                        optional.contains(RatesCsv.VOLUME_24H_USD) ? rate.volume24hUsd() : null,
                        SOURCE));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<RateRow> read(String text) throws IOException {
        return RatesCsv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "rates.csv", SOURCE);
    }
}
