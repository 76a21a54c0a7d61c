package dev.daybook.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a command's state directory ran out of space, the cause then of any part that writes there failing:
 * the embedded broker (which halts the process), the aggregation's RocksDB stores, the DuckDB warehouse. Each
 * says so in its own words or not at all, so the directory itself is asked: a small file that cannot be written
 * for lack of space.
 */
public final class StateDirSpace {

    private static final Logger log = LoggerFactory.getLogger(StateDirSpace.class);

    /** The operating system's words for ENOSPC, as Java, RocksDB and DuckDB pass them on. */
    static final String NO_SPACE = "No space left on device";

    private static final int PROBE_BYTES = 64 * 1024;
    private static final String PROBE_FILE = ".daybook-space-probe";

    private final Path root;

    /** @param root the state directory ({@code --state-dir}) */
    public StateDirSpace(Path root) {
        this.root = root;
    }

    /** The command's one-line failure: {@link #message()} when the directory is full, else {@code failure} as it is. */
    public String explain(String failure) {
        return full(failure) ? message() : failure;
    }

    /** Whether the directory is out of space: {@code failure} (a part's message, or null) says so, or a probe finds it. */
    public boolean full(String failure) {
        return (failure != null && failure.contains(NO_SPACE)) || probeFindsNoSpace();
    }

    public String message() {
        return message(root, "has no space left (" + NO_SPACE + ")");
    }

    /** The one line for a state directory short of space, {@code shortage} saying how short. */
    static String message(Path root, String shortage) {
        return "the state directory " + root + " " + shortage + ": free space or move --state-dir";
    }

    /** Whether {@value #PROBE_BYTES} bytes cannot be written in the directory for lack of space. */
    private boolean probeFindsNoSpace() {
        Path probe = root.resolve(PROBE_FILE);
        try {
            Files.write(probe, new byte[PROBE_BYTES]);
            return false;
        } catch (IOException e) {
            return String.valueOf(e.getMessage()).contains(NO_SPACE);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                log.debug("Cannot delete {}", probe, e);
            }
        }
    }
}
