package dev.daybook.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyVolumeCsvTest {

    private static DailyVolume row(String day, String project, String usd) {
        return new DailyVolume(LocalDate.parse(day), project, 3, new BigDecimal(usd), 1, 1);
    }

    @Test
    void rendersHeaderAndRowsSortedByDateThenProject() {
        String csv = DailyVolumeCsv.render(
                List.of(row("2024-01-02", "a", "1"), row("2024-01-01", "b", "2.5"), row("2024-01-01", "a", "3")));

        assertThat(csv).isEqualTo("""
                date,project_id,num_transactions,total_volume_usd,unpriced_transactions
                2024-01-01,a,3,3,1
                2024-01-01,b,3,2.5,1
                2024-01-02,a,3,1,1
                """);
    }

    @Test
    void printsTheExactDecimalInPlainNotationWithoutTrailingZeros() {
        assertThat(DailyVolumeCsv.decimal(new BigDecimal("1234.5600"))).isEqualTo("1234.56");
        assertThat(DailyVolumeCsv.decimal(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(DailyVolumeCsv.decimal(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(DailyVolumeCsv.decimal(new BigDecimal("0.000000000000000000123456789012345678901")))
                .isEqualTo("0.000000000000000000123456789012345678901");
    }

    @Test
    void quotesAProjectIdThatContainsACommaOrAQuote() {
        assertThat(DailyVolumeCsv.line(row("2024-01-01", "a,\"b\"", "1")))
                .isEqualTo("2024-01-01,\"a,\"\"b\"\"\",3,1,1");
    }
}
