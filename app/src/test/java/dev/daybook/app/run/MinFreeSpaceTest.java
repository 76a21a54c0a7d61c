package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A command stops, in one line, once its state directory has less usable space than --min-free-space. */
class MinFreeSpaceTest {

    private static final Path STATE = Path.of("/data/daybook");
    private static final long MIB = 1L << 20;

    @Test
    void lessThanTheMinimumIsAShortageSayingHowMuchIsFree() {
        AtomicLong usable = new AtomicLong(60 * MIB);
        MinFreeSpace space = new MinFreeSpace(STATE, 60 * MIB, usable::get);

        assertThat(space.shortage()).isEmpty();

        usable.set(4_089_446);
        assertThat(space.shortage())
                .contains("the state directory /data/daybook has 3.9 MiB free, less than"
                        + " --min-free-space (60 MiB): free space or move --state-dir");
    }

    @Test
    void aMinimumOfZeroIsNoMinimum() {
        MinFreeSpace space = new MinFreeSpace(STATE, 0, () -> 0);

        assertThat(space.shortage()).isEmpty();
    }

    @Test
    void sizesAreInTheLargestWholeBinaryUnit() {
        assertThat(MinFreeSpace.size(0)).isEqualTo("0 B");
        assertThat(MinFreeSpace.size(1023)).isEqualTo("1023 B");
        assertThat(MinFreeSpace.size(1536)).isEqualTo("1.5 KiB");
        assertThat(MinFreeSpace.size(64 * MIB)).isEqualTo("64 MiB");
        assertThat(MinFreeSpace.size(10L << 30)).isEqualTo("10 GiB");
        assertThat(MinFreeSpace.size(3L << 40)).isEqualTo("3 TiB");
    }

    @Test
    void aWatchedMinimumStopsTheCommandOnceTheSpaceFallsBelowIt() throws Exception {
        AtomicLong usable = new AtomicLong(100 * MIB);
        MinFreeSpace space = new MinFreeSpace(STATE, 64 * MIB, usable::get);
        StopSignal signal = new StopSignal();

        try (FreeSpaceWatch watch = new FreeSpaceWatch(space)) {
            watch.start(signal);
            usable.set(63 * MIB);

            assertThat(signal.await(Duration.ofSeconds(10))).as("stopped").isTrue();
        }
        assertThat(signal.failure())
                .contains("the state directory /data/daybook has 63 MiB free, less than"
                        + " --min-free-space (64 MiB): free space or move --state-dir");
    }
}
