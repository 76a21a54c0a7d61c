package dev.daybook.app.run;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory's usable space against {@code --min-free-space}: a command stops cleanly while there is
 * still room to, instead of its parts failing one by one on a full disk (the embedded broker by halting the
 * process mid-write). Poll {@link #shortage()} with a {@link FreeSpaceWatch}.
 *
 * @param root the state directory
 * @param minimum the fewest usable bytes to run on; 0 for no minimum
 * @param usableSpace the bytes usable in {@code root} now
 */
public record MinFreeSpace(Path root, long minimum, LongSupplier usableSpace) {

    private static final Logger log = LoggerFactory.getLogger(MinFreeSpace.class);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    /** The minimum for {@code root}, an existing directory, asking its file system each time. */
    public static MinFreeSpace of(Path root, long minimum) throws IOException {
        FileStore store = Files.getFileStore(root);
        return new MinFreeSpace(root, minimum, () -> usable(store, root));
    }

    /** The command's one-line failure when the directory has less usable space than the minimum. */
    public Optional<String> shortage() {
        if (minimum == 0) {
            return Optional.empty();
        }
        long usable = usableSpace.getAsLong();
        if (usable >= minimum) {
            return Optional.empty();
        }
        return Optional.of(StateDirSpace.message(
                root, "has " + size(usable) + " free, less than --min-free-space (" + size(minimum) + ")"));
    }

    private static long usable(FileStore store, Path root) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            // a directory that cannot be asked (gone, unmounted) is left to the parts that write there to fail
            log.debug("Cannot read the usable space of {}", root, e);
            return Long.MAX_VALUE;
        }
    }

    /** {@code bytes} in the largest binary unit it has a whole one of, to one decimal. */
    static String size(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value) + " "
                + UNITS[unit];
    }
}
