package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketChartTest {

    private static final LocalDate APRIL_14 = LocalDate.parse("2024-04-14");
    private static final LocalDate APRIL_15 = LocalDate.parse("2024-04-15");

    private static PricePoint point(String at, String usd) {
        return new PricePoint(Instant.parse(at), new BigDecimal(usd));
    }

    @Test
    void eachSeriesGivesItsMidnightSnapshotAndAMissingOneLeavesItsFieldEmpty() {
        MarketChart hourly = new MarketChart(
                List.of(point("2024-04-14T00:04:11Z", "0.0611"), point("2024-04-15T00:02:00Z", "0.0625")),
                List.of(point("2024-04-14T00:04:11Z", "48213337.5"), point("2024-04-14T23:58:00Z", "49000000")),
                List.of(point("2024-04-14T00:04:11Z", "1234.50"), point("2024-04-15T00:02:00Z", "2345.000")));

        Map<LocalDate, Rate> daily = hourly.daily(List.of(APRIL_14, APRIL_15), "test");

        assertThat(daily)
                .isEqualTo(Map.of(
                        APRIL_14,
                        new Rate(
                                new BigDecimal("0.0611"),
                                new BigDecimal("48213337.5"),
                                new BigDecimal("1234.50"),
                                "test"),
                        APRIL_15,
                        new Rate(new BigDecimal("0.0625"), null, new BigDecimal("2345.000"), "test")));
    }

    @Test
    void marketDataWithoutAPriceMakesNoRate() {
        MarketChart chart = new MarketChart(
                List.of(),
                List.of(point("2024-04-14T00:00:00Z", "48213337.5")),
                List.of(point("2024-04-14T00:00:00Z", "1234.5")));

        assertThat(chart.daily(List.of(APRIL_14), "test")).isEmpty();
    }
}
