package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daybook run --once} whose state directory (embedded broker, aggregation stores, DuckDB warehouse) fills
 * up during the run, on a tmpfs: the run stops cleanly once less than {@code --min-free-space} is left, before the
 * disk is full, with one line that names the directory and what to do and without a storm of stack traces, and
 * the same command, once there is space again, resumes and ends with the exact table and summary.
 */
@Tag("integration")
class StateDirDiskFullTest {

    /** Far less than a hang, far more than a run of these few rows needs on two loaded cores. */
    private static final Duration PROMPTLY = Duration.ofSeconds(60);
    /**
     * A run of these rows takes about 1 MB before the aggregation opens its stores, then about 160 MB while they
     * are open (RocksDB preallocates some 4 MB for each store of each task, which takes real pages on a tmpfs),
     * about 5 MB once they are closed.
     */
    private static final String DISK = "512m";
    /** Reached once 32 MB are used: when the stores open, far below the disk's size, so never a real ENOSPC. */
    private static final String MIN_FREE_SPACE = "480MiB";
    /** Leaves the resumed run, stores open, several hundred MB above the minimum. */
    private static final String MORE_SPACE = "1g";
    /** The stack traces the broker, the stream threads and the clients may log while the run stops. */
    private static final int FEW_STACK_TRACES = 12;

    @TempDir
    Path dir;

    private Path state;
    private Tmpfs disk;

    @BeforeEach
    void mountADisk() throws Exception {
        state = Files.createDirectories(dir.resolve("state"));
        disk = Tmpfs.mount(state, DISK);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aRunShortOfSpaceStopsCleanlyInOneLineAndTheSameRunResumesOnceThereIsSpace() throws Exception {
        GeneratedScenario scenario = GeneratedScenario.write(dir.resolve("data"), 2_000, 250, 31);
        List<String> run = new ArrayList<>(
                List.of("run", "--once", "--state-dir", state.toString(), "--min-free-space", MIN_FREE_SPACE));
        run.addAll(scenario.inputOptions());

        try (DaybookProcess shortOfSpace = DaybookProcess.start(dir, "short-of-space", run)) {
            assertThat(shortOfSpace.exitCode(PROMPTLY))
                    .as(shortOfSpace.stderr())
                    .isEqualTo(1);
            assertThat(shortOfSpace.lastErrLine())
                    .matches(
                            "daybook run: the state directory " + Pattern.quote(state.toString())
                                    + " has \\d+(\\.\\d)? MiB free, less than --min-free-space \\(480 MiB\\): free space or move --state-dir");
            assertThat(stackTraces(shortOfSpace.stderr()))
                    .as(shortOfSpace.stderr())
                    .isLessThanOrEqualTo(FEW_STACK_TRACES);
            assertThat(shortOfSpace.stdout())
                    .as("no table from a run that did not finish")
                    .isEmpty();
        }

        disk.resize(MORE_SPACE);
        try (DaybookProcess resumed = DaybookProcess.start(dir, "resumed", run)) {
            assertThat(resumed.exitCode(PROMPTLY)).as(resumed.stderr()).isZero();
            String expected = scenario.expectedCsv(true);
            assertThat(resumed.stdout()).isEqualTo(expected);
            assertThat(DuckDbTable.read(state.resolve("daybook.duckdb"))).isEqualTo(DuckDbTable.asStored(expected));
            assertThat(resumed.lastErrLine())
                    .as("the totals of both runs")
                    .startsWith(scenario.expectedSummaryPrefix(expected.lines().count() - 1));
        }
    }

    @Test
    void aRunOnADiskWithLessThanTheMinimumFreeDoesNotStart() throws Exception {
        List<String> run = List.of("run", "--once", "--state-dir", state.toString(), "--min-free-space", "1GiB");

        try (DaybookProcess refused = DaybookProcess.start(dir, "refused", run)) {
            assertThat(refused.exitCode(PROMPTLY)).as(refused.stderr()).isEqualTo(1);
            assertThat(refused.stderr())
                    .isEqualTo(
                            "daybook run: the state directory " + state
                                    + " has 512 MiB free, less than --min-free-space (1 GiB): free space or move --state-dir\n");
            assertThat(refused.stdout()).isEmpty();
        }
        assertThat(state).isEmptyDirectory();
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
