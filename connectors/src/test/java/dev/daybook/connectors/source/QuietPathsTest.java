package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuietPathsTest {

    private static final long MS = 1_000_000;

    private final QuietPaths paths = new QuietPaths(Duration.ofMillis(200));

    @Test
    void aPathIsHandedOutOnceNoEventNamedItForTheQuietPeriod() {
        Path renamed = Path.of("renamed.csv");
        paths.changed(renamed, 0);

        assertThat(paths.takeQuiet(199 * MS)).isEmpty();
        assertThat(paths.nanosUntilNextQuiet(199 * MS)).isEqualTo(MS);
        assertThat(paths.takeQuiet(200 * MS)).containsExactly(renamed);
        assertThat(paths.takeQuiet(400 * MS)).as("handed out once").isEmpty();
        assertThat(paths.nanosUntilNextQuiet(400 * MS)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFileStillBeingWrittenWaitsUntilItsWriterPauses() {
        Path growing = Path.of("growing.csv");
        Path renamed = Path.of("renamed.csv");
        for (long t = 0; t <= 1000; t += 100) {
            paths.changed(growing, t * MS);
        }
        paths.changed(renamed, 500 * MS);

        assertThat(paths.takeQuiet(1000 * MS)).containsExactly(renamed);
        assertThat(paths.takeQuiet(1199 * MS)).isEmpty();
        assertThat(paths.takeQuiet(1200 * MS)).containsExactly(growing);
    }

    @Test
    void quietPathsComeInOrder() {
        paths.changed(Path.of("b.csv"), 0);
        paths.changed(Path.of("a.csv"), 10 * MS);
        paths.changed(Path.of("c/a.csv"), 5 * MS);

        assertThat(paths.nanosUntilNextQuiet(0)).isEqualTo(200 * MS);
        assertThat(paths.takeQuiet(210 * MS)).containsExactly(Path.of("a.csv"), Path.of("b.csv"), Path.of("c/a.csv"));
    }
}
