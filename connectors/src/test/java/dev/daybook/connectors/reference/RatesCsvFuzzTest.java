package dev.daybook.connectors.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of the rates file reader: for any bytes after one of the headers it accepts, it
 * either refuses the file with a {@link ReferenceFileException} (never another exception), or returns rows
 * that are non-negative, one per key, and read back unchanged once written out again. Without
 * {@code JAZZER_FUZZ} set this replays the inputs in {@code RatesCsvFuzzTestInputs} (test resources).
 */
class RatesCsvFuzzTest {

    private static final List<String> HEADERS = List.of(
            "date,coin_id,usd",
            "date,coin_id,usd,market_cap_usd,volume_24h_usd",
            "date,coin_id,usd,volume_24h_usd",
            "Date, Coin_Id ,USD,Market_Cap_USD");
    private static final String SOURCE = "file:/fuzz.csv";

    @FuzzTest(maxDuration = "20s")
    void everyFileIsReadExactlyOrRefused(FuzzedDataProvider data) throws IOException {
        String header = HEADERS.get(data.consumeInt(0, HEADERS.size() - 1));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(data.consumeRemainingAsBytes());

        List<RateRow> rows;
        try {
            rows = RatesCsv.read(new ByteArrayInputStream(file.toByteArray()), "fuzz.csv", SOURCE);
        } catch (ReferenceFileException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.csv:");
            return;
        }

        assertThat(rows.stream().map(RateRow::key).distinct().count()).isEqualTo(rows.size());
        assertThat(rows)
                .allSatisfy(row -> assertThat(figures(row))
                        .allSatisfy(figure -> assertThat(figure.signum()).isNotNegative()));
        assertThat(RatesCsv.read(new ByteArrayInputStream(written(rows)), "again.csv", SOURCE))
                .isEqualTo(rows);
    }

    private static List<BigDecimal> figures(RateRow row) {
        return Stream.of(row.rate().usd(), row.rate().marketCapUsd(), row.rate().volume24hUsd())
                .filter(Objects::nonNull)
                .toList();
    }

    private static byte[] written(List<RateRow> rows) {
        StringBuilder text = new StringBuilder("date,coin_id,usd,market_cap_usd,volume_24h_usd\n");
        for (RateRow row : rows) {
            text.append(row.date())
                    .append(',')
                    .append(quoted(row.coinId()))
                    .append(',')
                    .append(row.rate().usd().toPlainString())
                    .append(',')
                    .append(plain(row.rate().marketCapUsd()))
                    .append(',')
                    .append(plain(row.rate().volume24hUsd()))
                    .append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static String quoted(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
