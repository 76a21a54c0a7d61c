package dev.daybook.app.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.progress.Progress.Count;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void showsObjectsOfTheirTotalRowsAndTheRowsPerSecondAndTheTimeLeftByObjects() {
        Progress start = new Progress(new Count(0, 40, "objects"), Count.of(0, "rows"));
        Progress now = new Progress(new Count(10, 40, "objects"), Count.of(1_234_567, "rows"));

        assertThat(ProgressLine.render("run", start, now, Duration.ofSeconds(20)))
                .isEqualTo("run: 10/40 objects, 1,234,567 rows, 61,728 rows/s, ETA 1m00s");
    }

    @Test
    void aKnownRowTotalGivesTheTimeLeftAtTheRowsPaceRatherThanTheWorks() {
        Progress start = new Progress(new Count(0, 4, "objects"), new Count(100_000, 1_000_000, "rows"));
        Progress now = new Progress(new Count(1, 4, "objects"), new Count(400_000, 1_000_000, "rows"));

        assertThat(ProgressLine.render("run", start, now, Duration.ofSeconds(3)))
                .isEqualTo("run: 1/4 objects, 400,000/1,000,000 rows, 100,000 rows/s, ETA 6s");
    }

    @Test
    void rowsAloneShowTheirPaceAndTheTimeLeft() {
        Progress start = Progress.ofRows(new Count(0, 90_000, "transactions"));
        Progress now = Progress.ofRows(new Count(30_000, 90_000, "transactions"));

        assertThat(ProgressLine.render("bench", start, now, Duration.ofSeconds(2)))
                .isEqualTo("bench: 30,000/90,000 transactions, 15,000 transactions/s, ETA 4s");
    }

    @Test
    void anUnknownTotalGivesNoTimeLeft() {
        Progress start = new Progress(Count.of(0, "objects"), Count.of(0, "rows"));
        Progress now = new Progress(Count.of(3, "objects"), Count.of(900, "rows"));

        assertThat(ProgressLine.render("ingest", start, now, Duration.ofSeconds(3)))
                .isEqualTo("ingest: 3 objects, 900 rows, 300 rows/s");
    }

    @Test
    void workWithoutRowsShowsItsStepsAndTheTimeLeftInHours() {
        Progress start = Progress.of(new Count(0, 5, "steps"));

        assertThat(ProgressLine.render("reset", start, Progress.of(new Count(1, 5, "steps")), Duration.ofMinutes(40)))
                .isEqualTo("reset: 1/5 steps, ETA 2h40m");
    }

    @Test
    void noTimeLeftIsShownBeforeAnythingIsDoneNorOnceAllIs() {
        Progress start = new Progress(new Count(0, 2, "objects"), Count.of(0, "rows"));

        assertThat(ProgressLine.render("run", start, start, Duration.ofSeconds(5)))
                .isEqualTo("run: 0/2 objects, 0 rows, 0 rows/s");
        assertThat(ProgressLine.render(
                        "run",
                        start,
                        new Progress(new Count(2, 2, "objects"), Count.of(10, "rows")),
                        Duration.ofSeconds(5)))
                .isEqualTo("run: 2/2 objects, 10 rows, 2 rows/s");
    }

    @Test
    void noRateIsShownBeforeAnyTimePassed() {
        Progress start = new Progress(new Count(0, 2, "objects"), Count.of(0, "rows"));

        assertThat(ProgressLine.render("run", start, start, Duration.ZERO)).isEqualTo("run: 0/2 objects, 0 rows");
    }

    @Test
    void theTimeLeftIsRoundedUpToTheSecond() {
        Progress start = Progress.of(new Count(0, 3, "steps"));

        assertThat(ProgressLine.render("reset", start, Progress.of(new Count(2, 3, "steps")), Duration.ofMillis(100)))
                .isEqualTo("reset: 2/3 steps, ETA 1s");
    }
}
