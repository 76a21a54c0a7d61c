package dev.daybook.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewestPerKeyTest {

    @Test
    void keepsTheHighestVersionOfEachKeyInTheOrderKeysFirstAppeared() {
        DailyVolume a1 = row("a", 1);
        DailyVolume b2 = row("b", 2);
        DailyVolume a3 = row("a", 3);
        DailyVolume a2 = row("a", 2);

        assertThat(NewestPerKey.of(List.of(a1, b2, a3, a2))).containsExactly(a3, b2);
    }

    private static DailyVolume row(String project, long version) {
        return new DailyVolume(LocalDate.of(2024, 1, 1), project, version, BigDecimal.valueOf(version), 0, version);
    }
}
