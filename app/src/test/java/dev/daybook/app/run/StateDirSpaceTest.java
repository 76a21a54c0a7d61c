package dev.daybook.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.testing.Tmpfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part's failure is put down to a full state directory when it says so, or when the directory, asked, has no
 * space; the words of any other failure are kept.
 */
class StateDirSpaceTest {

    private static final String FULL = " has no space left (No space left on device): free space or move --state-dir";

    @TempDir
    Path dir;

    @Test
    @Tag("integration")
    void aFailureInAFullDirectoryIsTheFullDirectoryEvenWhenThePartDoesNotSaySo() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(Files.createDirectories(dir.resolve("state")), "1m")) {
            Path state = disk.dir();
            fill(state.resolve("filler"));
            StateDirSpace space = new StateDirSpace(state);

            assertThat(space.explain("the aggregation stopped: Error opening store tokens"))
                    .isEqualTo("the state directory " + state + FULL);
            assertThat(space.full(null)).isTrue();

            Files.delete(state.resolve("filler"));
            assertThat(space.explain("the aggregation stopped: Error opening store tokens"))
                    .isEqualTo("the aggregation stopped: Error opening store tokens");
            assertThat(state).isEmptyDirectory();
        }
    }

    @Test
    void aFailureThatSaysTheDiskIsFullIsTheFullDirectory() {
        StateDirSpace space = new StateDirSpace(dir);

        assertThat(space.explain("the sink stopped: IO Error: Could not write file \"x.wal\": No space left on device"))
                .isEqualTo("the state directory " + dir + FULL);
        assertThat(space.explain("the sink stopped: the table has other columns"))
                .isEqualTo("the sink stopped: the table has other columns");
        assertThat(space.full(null)).isFalse();
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        assertThatThrownBy(() -> {
                    try (OutputStream out = Files.newOutputStream(file)) {
                        while (true) {
                            out.write(block);
                        }
                    }
                })
                .hasMessageContaining("No space left on device");
    }
}
