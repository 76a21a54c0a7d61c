package dev.daybook.schemas.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Token;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WarehouseModelTest {

    private static final Pattern COLUMN = Pattern.compile("^  ([a-z0-9_]+) ([A-Z0-9]+)", Pattern.MULTILINE);

    @ParameterizedTest
    @EnumSource(WarehouseTable.class)
    void everyTableHasTheSameColumnsInBothDialects(WarehouseTable table) throws IOException {
        List<String> bigquery = columns(table.ddlResource("bigquery"));
        List<String> duckdb = columns(table.ddlResource("duckdb"));

        assertThat(bigquery).isNotEmpty().isEqualTo(duckdb);
    }

    @Test
    void theDateDimensionFollowsIso8601Weeks() {
        assertThat(DateRow.of(LocalDate.of(2024, 12, 30)))
                .as("a Monday in the first ISO week of 2025")
                .isEqualTo(new DateRow(LocalDate.of(2024, 12, 30), 2024, 4, 12, 2025, 1, 1, false));
        assertThat(DateRow.of(LocalDate.of(2021, 1, 3)))
                .as("a Sunday in the last ISO week of 2020")
                .isEqualTo(new DateRow(LocalDate.of(2021, 1, 3), 2021, 1, 1, 2020, 53, 7, true));
        assertThat(DateRow.of(LocalDate.of(2024, 4, 13)).isWeekend()).isTrue();
        assertThat(DateRow.of(LocalDate.of(2024, 4, 15)).quarter()).isEqualTo(2);
    }

    @Test
    void aCoinDayIsTheRateRecordWithItsKeySplit() {
        Rate rate = new Rate(
                new BigDecimal("0.0123"),
                new BigDecimal("1234567.5"),
                new BigDecimal("89.01"),
                "coingecko:market_chart");

        assertThat(CoinDaily.of("sunflower-land:2024-04-15", rate))
                .isEqualTo(new CoinDaily(
                        "sunflower-land",
                        LocalDate.of(2024, 4, 15),
                        new BigDecimal("0.0123"),
                        new BigDecimal("1234567.5"),
                        new BigDecimal("89.01"),
                        "coingecko:market_chart"));
        assertThatThrownBy(() -> CoinDaily.of("sunflower-land", rate)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CoinDaily.of("x:2024-13-01", rate)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenRowIsTheTokenRecordWithItsKeySplit() {
        assertThat(TokenRow.of("137:0xABC", new Token("USDC", 6, "usd-coin")))
                .isEqualTo(new TokenRow(137, "0xabc", "USDC", 6, "usd-coin", null));
        assertThat(TokenRow.of("137:0xabc", new Token("USDC", 6, "usd-coin", "USD Coin")))
                .isEqualTo(new TokenRow(137, "0xabc", "USDC", 6, "usd-coin", "USD Coin"));
        assertThatThrownBy(() -> TokenRow.of("polygon:0xabc", new Token("USDC", 6, "usd-coin")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenRow.of("137:", new Token("USDC", 6, "usd-coin")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> columns(String resource) throws IOException {
        try (InputStream in = WarehouseModelTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Matcher column = COLUMN.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<String> names = new ArrayList<>();
            while (column.find()) {
                names.add(column.group(1));
            }
            return names;
        }
    }
}
