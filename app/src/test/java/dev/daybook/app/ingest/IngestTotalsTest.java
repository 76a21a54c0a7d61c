package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.IngestProgress.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestTotalsTest {

    private static final Instant NOW = Instant.parse("2024-04-15T02:15:07Z");

    @Test
    void sumsTheLatestProgressOfEveryVersionFinishedOrNotAndCountsDoneAndFailedOnes() {
        List<IngestProgress> latest = List.of(
                progress("a.csv#1", State.DONE, 700, 60, 40, 3, 12, null),
                progress("a.csv#2", State.IN_PROGRESS, 300, 20, 0, 1, 0, null),
                progress("b.csv.gz#1", State.FAILED, 90, 5, 5, 0, 90, "corrupt_gzip"),
                progress("c.csv#1", State.FAILED, 0, 0, 0, 0, 0, "bad_header"),
                progress("d.csv#1", State.DONE, 10, 0, 0, 10, 0, null));

        IngestTotals totals = IngestTotals.of(latest);

        assertThat(totals).isEqualTo(new IngestTotals(2, 2, 1_230, 1_100, 85, 45, 14, 102));
        assertThat(totals.deadLettered()).isEqualTo(47);
    }

    private static IngestProgress progress(
            String id,
            State state,
            long transactions,
            long skipped,
            long malformed,
            long amountDisagreements,
            long amountUnchecked,
            String reason) {
        String uri = "file:///in/" + id.substring(0, id.indexOf('#'));
        long rows = transactions + skipped + malformed;
        return new IngestProgress(
                "file:///in/",
                "file:///in/" + id,
                uri,
                Long.parseLong(id.substring(id.indexOf('#') + 1)),
                "sha256:" + id,
                state,
                rows * 100,
                rows + 1,
                rows,
                transactions,
                skipped,
                malformed,
                amountDisagreements,
                amountUnchecked,
                reason,
                reason == null ? null : "it failed",
                NOW);
    }
}
