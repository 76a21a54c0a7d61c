package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.ingest.IngestTotals;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTotalsTest {

    private static final LocalDate DAY = LocalDate.of(2024, 4, 15);

    @Test
    void duplicatesAreTheIngestedTransactionsNeitherInTheTableNorRejectedByTheAggregation() {
        IngestTotals ingested = new IngestTotals(3, 1, 1_000, 900, 60, 40);
        DeadLetterTotals deadLetters = new DeadLetterTotals(5, 2, 1);
        List<DailyVolume> table = List.of(row("4974", 500, 1), row("4975", 350, 2));

        RunSummary.Counts totals = PipelineTotals.of(ingested, deadLetters, table);

        assertThat(totals).isEqualTo(new RunSummary.Counts(1_000, 900, 900 - 850 - 2, 60, 40 + 1 + 5 + 1, 3));
    }

    private static DailyVolume row(String project, long transactions, long version) {
        return new DailyVolume(DAY, project, transactions, new BigDecimal("12.5"), 0, version);
    }
}
