package dev.daybook.app.run;

import dev.daybook.connectors.generate.DemoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo data of {@code daybook run} without a source, generated once into the state directory. */
public final class Demo {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    private Demo() {}

    /**
     * Writes the demo data into {@code dir} unless it is there; it is written beside it and renamed when
     * complete, so an interrupted first start writes it again rather than leaving half of it.
     *
     * @return the directory of the event files
     */
    public static Path prepare(Path dir) throws IOException {
        Path events = dir.resolve("events");
        if (Files.isDirectory(events)) {
            return events;
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        deleteRecursively(partial);
        DemoData.Layout layout = DemoData.write(partial);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        log.info(
                "Wrote the demo data to {}: {} rows in {} files over 2024-04-08 to 2024-04-21; drop more Sequence files"
                        + " there and they are picked up",
                events,
                layout.summary().rows(),
                layout.summary().files().size());
        return events;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
