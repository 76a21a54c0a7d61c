package dev.daybook.connectors.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.RatesCsv;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.connectors.reference.TokensCsv;
import dev.daybook.schemas.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

    @Test
    void writesThreeEventFilesOfAWeekWithTokensAndRatesForEveryDayTheyNeed(@TempDir Path dir) throws Exception {
        DemoData.Layout layout = DemoData.write(dir);

        assertThat(layout.summary().files())
                .hasSize(3)
                .allMatch(f -> f.getParent().equals(dir.resolve("events")));
        assertThat(layout.summary().rows()).isEqualTo(20_000);
        assertThat(layout.summary().rows(RowKind.LATE)).isEqualTo(400);
        assertThat(layout.summary().rows(RowKind.DUPLICATE)).isEqualTo(200);
        assertThat(layout.summary().rows(RowKind.MALFORMED)).isEqualTo(90);
        assertThat(layout.summary().rows(RowKind.UNKNOWN_CURRENCY)).isEqualTo(100);

        Map<String, TokenRow> tokens =
                TokensCsv.read(layout.tokens()).stream().collect(Collectors.toMap(TokenRow::key, Function.identity()));
        Set<String> rates =
                RatesCsv.read(layout.rates()).stream().map(RateRow::key).collect(Collectors.toSet());
        long priced = 0;
        for (Path file : layout.summary().files()) {
            try (SequenceDecoder decoder = SequenceDecoder.open(
                    Files.newInputStream(file), file.toUri().toString(), 0)) {
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    if (d instanceof Decoded.Transaction t
                            && tokens.containsKey(t.transaction().tokenKey())) {
                        Transaction transaction = t.transaction();
                        String coin = tokens.get(transaction.tokenKey()).token().coinId();
                        assertThat(rates).contains(coin + ":" + transaction.day());
                        priced++;
                    }
                }
            }
        }
        assertThat(priced).isEqualTo(20_000 - 90 - 100 - 1_000);
    }
}
