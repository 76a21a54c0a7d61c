package dev.daybook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableComparisonTest {

    private static final String KEY = "2024-04-01:4974";
    private static final ReferenceQuery.Row REFERENCE =
            new ReferenceQuery.Row(3, new BigDecimal("12.345678901234567890123456"), 1);

    private static DailyVolume row(String volume) {
        return new DailyVolume(LocalDate.parse("2024-04-01"), "4974", 3, new BigDecimal(volume), 1, 7);
    }

    @Test
    void theSameTableIsEqualWhenTheWarehouseHoldsTheNearestDouble() {
        TableComparison.Outcome outcome = TableComparison.compare(
                Map.of(KEY, REFERENCE),
                Map.of(KEY, row("12.345678901234567890123456")),
                Map.of(KEY, row("12.345678901234567")));

        assertThat(outcome.equal()).isTrue();
        assertThat(outcome.rows()).isEqualTo(1);
        assertThat(outcome.differences()).isEmpty();
    }

    @Test
    void theExactVolumeMustMatchToTheLastDigit() {
        TableComparison.Outcome outcome = TableComparison.compare(
                Map.of(KEY, REFERENCE),
                Map.of(KEY, row("12.345678901234567890123457")),
                Map.of(KEY, row("12.345678901234567")));

        assertThat(outcome.equal()).isFalse();
        assertThat(outcome.differences())
                .containsExactly(KEY + ": daily-volume topic volume 12.345678901234567890123457"
                        + " but the query's is 12.345678901234567890123456");
    }

    @Test
    void aWarehouseVolumeBeyondADoublesPrecisionOrAMissingRowDiffers() {
        DailyVolume other = new DailyVolume(LocalDate.parse("2024-04-02"), "0", 1, BigDecimal.ONE, 0, 1);
        TableComparison.Outcome outcome = TableComparison.compare(
                Map.of(KEY, REFERENCE),
                Map.of(KEY, row("12.345678901234567890123456"), other.key(), other),
                Map.of(KEY, row("12.3456789012")));

        assertThat(outcome.equal()).isFalse();
        assertThat(outcome.rows()).isEqualTo(2);
        assertThat(outcome.differences())
                .containsExactly(
                        KEY + ": warehouse volume 12.3456789012 but the query's is 12.345678901234567890123456",
                        "2024-04-02:0: not in the reference query's table");
    }
}
