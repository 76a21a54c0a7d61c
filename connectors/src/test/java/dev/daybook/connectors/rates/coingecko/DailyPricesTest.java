package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DailyPricesTest {

    private static final LocalDate DAY = LocalDate.parse("2024-04-15");

    private static PricePoint point(String at, String usd) {
        return new PricePoint(Instant.parse(at), new BigDecimal(usd));
    }

    @Test
    void takesThePointAtMidnightUtc() {
        List<PricePoint> points = List.of(
                point("2024-04-14T23:55:00Z", "0.9"),
                point("2024-04-15T00:04:00Z", "1.1"),
                point("2024-04-15T00:00:00Z", "1.0"));

        assertThat(DailyPrices.pick(points, List.of(DAY))).isEqualTo(Map.of(DAY, new BigDecimal("1.0")));
    }

    @Test
    void withoutAMidnightPointTakesTheFirstWithinTheHourAfter() {
        List<PricePoint> points = List.of(
                point("2024-04-14T23:58:00Z", "0.9"),
                point("2024-04-15T00:07:31Z", "1.07"),
                point("2024-04-15T00:52:00Z", "1.52"));

        assertThat(DailyPrices.pick(points, List.of(DAY))).isEqualTo(Map.of(DAY, new BigDecimal("1.07")));
    }

    @Test
    void aPointAnHourOrMoreAfterMidnightOrBeforeItIsNoDailyPrice() {
        List<PricePoint> points = List.of(point("2024-04-14T23:59:59Z", "0.9"), point("2024-04-15T01:00:00Z", "1.0"));

        assertThat(DailyPrices.pick(points, List.of(DAY))).isEmpty();
    }

    @Test
    void picksEachDayAskedForAndOnlyThose() {
        List<PricePoint> points = List.of(
                point("2024-04-13T00:00:00Z", "13"),
                point("2024-04-14T00:00:00Z", "14"),
                point("2024-04-15T00:00:00Z", "15"),
                point("2024-04-15T13:45:12Z", "15.5"));

        assertThat(DailyPrices.pick(points, List.of(LocalDate.parse("2024-04-13"), DAY, DAY.plusDays(1))))
                .isEqualTo(Map.of(LocalDate.parse("2024-04-13"), new BigDecimal("13"), DAY, new BigDecimal("15")));
    }
}
