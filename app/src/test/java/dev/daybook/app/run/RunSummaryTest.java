package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void theTotalsComeFirstInTheirKnownOrderAndThisRunLastWithTheSameKeys() {
        RunSummary summary = new RunSummary(
                new RunSummary.Counts(2_000, 1_850, 74, 100, 27, 4, 9, 31),
                new RunSummary.Counts(1_000, 925, 40, 50, 14, 2, 3, 0),
                48,
                3_517);

        assertThat(summary.toJson())
                .isEqualTo("{\"rows_read\":2000,\"transactions\":1850,\"duplicates\":74,\"skipped\":100,"
                        + "\"dead_lettered\":27,\"objects\":4,\"amount_disagreements\":9,\"amount_unchecked\":31,\"table_rows\":48,"
                        + "\"elapsed_ms\":3517,\"this_run\":{\"rows_read\":1000,\"transactions\":925,\"duplicates\":40,\"skipped\":50,"
                        + "\"dead_lettered\":14,\"objects\":2,\"amount_disagreements\":3,\"amount_unchecked\":0}}");
    }
}
