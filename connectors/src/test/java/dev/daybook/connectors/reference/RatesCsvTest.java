package dev.daybook.connectors.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.schemas.Rate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatesCsvTest {

    @Test
    void readsExactPricesAndRecordsTheFileAsTheirSource(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("rates.csv"),
                "date,coin_id,usd\n2024-04-15,sunflower-land,0.10629575068267864\n2024-04-15,usd-coin,1.0003755218380892\n");

        List<RateRow> rows = RatesCsv.read(file);

        String source = file.toUri().toString();
        assertThat(rows)
                .containsExactly(
                        new RateRow(
                                LocalDate.of(2024, 4, 15),
                                "sunflower-land",
                                new Rate(new BigDecimal("0.10629575068267864"), source)),
                        new RateRow(
                                LocalDate.of(2024, 4, 15),
                                "usd-coin",
                                new Rate(new BigDecimal("1.0003755218380892"), source)));
        assertThat(rows.get(0).key()).isEqualTo("sunflower-land:2024-04-15");
    }

    @Test
    void readsOptionalMarketDataColumnsInAnyOrderAndEmptyFieldsAsAbsent() throws IOException {
        String text = """
                date,coin_id,usd,VOLUME_24H_USD,market_cap_usd
                2024-04-15,sunflower-land,0.1063, 1234567.500 ,48213337.123456789012345678
                2024-04-16,sunflower-land,0.1064,,
                2024-04-17,sunflower-land,0.1065,0,
                """;

        List<RateRow> rows =
                RatesCsv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "rates.csv", "test");

        assertThat(rows)
                .extracting(RateRow::rate)
                .containsExactly(
                        new Rate(
                                new BigDecimal("0.1063"),
                                new BigDecimal("48213337.123456789012345678"),
                                new BigDecimal("1234567.500"),
                                "test"),
                        new Rate(new BigDecimal("0.1064"), null, null, "test"),
                        new Rate(new BigDecimal("0.1065"), null, new BigDecimal("0"), "test"));
    }

    @Test
    void theDemoRatesCoverEveryCoinOfTheBundledTokensForTwoWeeks() {
        List<RateRow> rates = BundledReference.demoRates();
        Set<String> coins =
                BundledReference.tokens().stream().map(t -> t.token().coinId()).collect(Collectors.toSet());

        assertThat(coins).hasSize(4);
        for (LocalDate day = LocalDate.of(2024, 4, 8); !day.isAfter(LocalDate.of(2024, 4, 21)); day = day.plusDays(1)) {
            LocalDate d = day;
            assertThat(rates.stream().filter(r -> r.date().equals(d)).map(RateRow::coinId))
                    .containsExactlyInAnyOrderElementsOf(coins);
        }
        assertThat(rates).hasSize(14 * 4);
        assertThat(rates)
                .filteredOn(r -> r.coinId().equals("sunflower-land"))
                .allSatisfy(r -> assertThat(r.rate().usd()).isBetween(new BigDecimal("0.05"), new BigDecimal("0.07")));
        assertThat(rates)
                .filteredOn(r -> r.coinId().equals("matic-network"))
                .allSatisfy(r -> assertThat(r.rate().usd()).isBetween(new BigDecimal("0.65"), new BigDecimal("0.75")));
        assertThat(rates).allSatisfy(r -> {
            assertThat(r.rate().marketCapUsd()).isPositive();
            assertThat(r.rate().volume24hUsd()).isPositive();
        });
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            date,coin,usd\\n                                  | rates.csv:1: the header must be date,coin_id,usd, optionally followed by any of market_cap_usd,volume_24h_usd, found date,coin,usd
            date,coin_id,usd,market_cap_usd,market_cap_usd\\n   | rates.csv:1: the header must be date,coin_id,usd, optionally followed by any of market_cap_usd,volume_24h_usd, found date,coin_id,usd,market_cap_usd,market_cap_usd
            date,coin_id,usd,price\\n                          | rates.csv:1: the header must be date,coin_id,usd, optionally followed by any of market_cap_usd,volume_24h_usd, found date,coin_id,usd,price
            date,coin_id\\n                                    | rates.csv:1: the header must be date,coin_id,usd, optionally followed by any of market_cap_usd,volume_24h_usd, found date,coin_id
            MARKET2024-04-15,usd-coin,1,-5,1\\n               | rates.csv:2: market_cap_usd '-5' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            MARKET2024-04-15,usd-coin,1,5,1E+9\\n             | rates.csv:2: volume_24h_usd '1E+9' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            MARKET2024-04-15,usd-coin,1,5\\n                  | rates.csv:2: expected 5 columns (date,coin_id,usd,market_cap_usd,volume_24h_usd), found 4
            HEADER15/04/2024,usd-coin,1\\n                      | rates.csv:2: date '15/04/2024' is not a date like 2024-04-15
            HEADER2024-04-15,,1\\n                              | rates.csv:2: coin_id is empty; give a value
            HEADER2024-04-15,usd-coin,-1\\n                     | rates.csv:2: usd '-1' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,one\\n                    | rates.csv:2: usd 'one' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,1E+999999999\\n           | rates.csv:2: usd '1E+999999999' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,1e-999999999\\n           | rates.csv:2: usd '1e-999999999' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,.5\\n                     | rates.csv:2: usd '.5' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,TOO_LONG\\n               | rates.csv:2: usd '1111111111111111111111111111111111111111...' is not a non-negative decimal number like 0.0625 (plain digits, no exponent, at most 100 characters)
            HEADER2024-04-15,usd-coin,1,extra\\n                | rates.csv:2: expected 3 columns (date,coin_id,usd), found 4
            HEADER2024-04-15,usd-coin,1\\n2024-04-15,usd-coin,1.1\\n | rates.csv:3: the rate of usd-coin on 2024-04-15 is listed twice (first on line 2); keep one line for it
            """)
    void reportsWhatIsWrongAndWhere(String content, String message) {
        String text = content.replace("HEADER", "date,coin_id,usd\n")
                .replace("MARKET", "date,coin_id,usd,market_cap_usd,volume_24h_usd\n")
                .replace("\\n", "\n")
                .replace("TOO_LONG", "1".repeat(101));

        assertThatThrownBy(() -> RatesCsv.read(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "rates.csv", "test"))
                .isInstanceOf(ReferenceFileException.class)
                .hasMessage(message);
    }
}
