package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run --once} whose state directory (embedded broker, aggregation stores, DuckDB warehouse) is on a
 * file system too small for the run, here a 3 MB tmpfs: the run ends promptly with one line that names the
 * directory and what to do, without a storm of stack traces, and the same command, once there is space again,
 * resumes and ends with the exact table and summary.
 */
@Tag("integration")
class StateDirDiskFullTest {

    /** Far less than a hang, far more than a run of these few rows needs on two loaded cores. */
    private static final Duration PROMPTLY = Duration.ofSeconds(60);
    /** A whole run's state needs about 6 MB on disk. */
    private static final String TOO_SMALL = "3m";
    /** RocksDB preallocates several MB for each store it opens, which takes real pages on a tmpfs. */
    private static final String ENOUGH = "256m";
    /** The stack traces the broker, the stream threads and the clients log for the first failed writes. */
    private static final int FEW_STACK_TRACES = 12;

    @TempDir
    Path dir;

    private Path state;
    private Tmpfs disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        state = Files.createDirectories(dir.resolve("state"));
        disk = Tmpfs.mount(state, TOO_SMALL);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aRunOutOfSpaceSaysSoInOneLineAndTheSameRunResumesOnceThereIsSpace() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 250, 31);
        List<String> run = List.of("run", "--once", "--state-dir", state.toString(), "--source",
                scenario.events.toUri().toString(), "--tokens", scenario.tokens.toString(), "--rates", "file:" + scenario.allRates);

        try (DaybookProcess full = DaybookProcess.start(dir, "full", run)) {
            assertThat(full.exitCode(PROMPTLY)).as(full.stderr()).isEqualTo(1);
            assertThat(full.lastErrLine()).isEqualTo("daybook run: the state directory " + state
                    + " has no space left (No space left on device): free space or move --state-dir");
            assertThat(stackTraces(full.stderr())).as(full.stderr()).isLessThanOrEqualTo(FEW_STACK_TRACES);
            assertThat(full.stdout()).as("no table from a run that did not finish").isEmpty();
        }

        disk.resize(ENOUGH);
        try (DaybookProcess resumed = DaybookProcess.start(dir, "resumed", run)) {
            assertThat(resumed.exitCode(PROMPTLY)).as(resumed.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(resumed.stdout()).isEqualTo(expected);
            assertThat(DuckDbTable.read(state.resolve("daybook.duckdb"))).isEqualTo(DuckDbTable.asStored(expected));
            assertThat(resumed.lastErrLine()).as("the totals of both runs")
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
        }
    }

    /** Stack traces in a log, each "Caused by" counted as one. */
    private static long stackTraces(String log) {
        List<String> lines = log.lines().toList();
        long traces = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("\tat ") && !lines.get(i - 1).startsWith("\tat ")) {
                traces++;
            }
        }
        return traces;
    }
}
