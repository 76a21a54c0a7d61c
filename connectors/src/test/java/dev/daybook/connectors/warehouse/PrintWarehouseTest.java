package dev.daybook.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrintWarehouseTest {

    private static DailyVolume row(String project, long count, String usd, long version) {
        return new DailyVolume(LocalDate.of(2024, 1, 1), project, count, new BigDecimal(usd), 0, version);
    }

    @Test
    void printsTheNewestVersionOfEveryRow() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWarehouse warehouse = new PrintWarehouse(new PrintStream(out, true, StandardCharsets.UTF_8));
        warehouse.upsert(List.of(row("b", 1, "1.10", 1), row("a", 2, "2", 2)));
        warehouse.upsert(List.of(row("a", 1, "1", 1), row("b", 5, "5.5", 3)));

        warehouse.printTable();

        assertThat(warehouse.durable()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                date,project_id,num_transactions,total_volume_usd,unpriced_transactions
                2024-01-01,a,2,2,0
                2024-01-01,b,5,5.5,0
                """);
    }
}
