package dev.daybook.connectors.generate;

import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.reference.BundledReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * A small file of new transactions for the live demo: valid rows in the bundled currencies for the demo's
 * projects, timed in order inside a window, so that the table grows where a person watching expects it.
 * The same seed and window always give the same bytes. Written under a hidden name and renamed when complete.
 */
public final class LiveRows {

    private static final String CRLF = "\r\n";

    private LiveRows() {}

    /**
     * Writes {@code rows} transactions timed in {@code [from, to)} as {@code directory/name}.
     *
     * @return the file written
     */
    public static Path write(Path directory, String name, long seed, int rows, Instant from, Instant to)
            throws IOException {
        if (rows < 1 || !from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "need at least one row in a non-empty window, not " + rows + " rows in [" + from + ", " + to + ")");
        }
        Prng random = new Prng(seed);
        RowFactory factory = new RowFactory(random, BundledReference.tokens(), DemoData.CONFIG.projects());
        long start = from.toEpochMilli();
        long span = to.toEpochMilli() - start;
        StringBuilder text = new StringBuilder(rows * 1024);
        text.append(SequenceGenerator.csvLine(SequenceFormat.COLUMNS.toArray(String[]::new)))
                .append(CRLF);
        for (int row = 0; row < rows; row++) {
            long millis = start + (long) ((row + random.nextDouble()) * span / rows);
            text.append(SequenceGenerator.csvLine(factory.make(RowKind.VALID, null, millis).fields))
                    .append(CRLF);
        }
        Files.createDirectories(directory);
        Path target = directory.resolve(name);
        Path temporary = directory.resolve("." + name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
