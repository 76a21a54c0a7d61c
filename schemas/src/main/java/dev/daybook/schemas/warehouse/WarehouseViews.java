package dev.daybook.schemas.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The analysts' views of a dialect: every {@code schemas/<dialect>/views/<name>.sql}, on the class path under
 * {@code dev/daybook/schemas/<dialect>/views/}. In a view's SQL, {@code ${view}} stands for the view's full name
 * and {@code ${<table>}} (e.g. {@code ${daily_volume}}) for the full name of each table of {@link WarehouseTable};
 * a warehouse creates them all, after its tables, in the order of their names.
 */
public final class WarehouseViews {

    private WarehouseViews() {}

    /**
     * The SQL of each view by its name, in the order of the names, from every class-path entry that has the folder;
     * empty when the dialect has none.
     */
    public static Map<String, String> of(String dialect) {
        String folder = "dev/daybook/schemas/" + dialect + "/views";
        Map<String, String> views = new TreeMap<>();
        try {
            for (URL url :
                    Collections.list(WarehouseViews.class.getClassLoader().getResources(folder))) {
                views.putAll(read(url.toURI(), "/" + folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the views in " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the views in " + folder, e);
        }
        return views;
    }

    private static Map<String, String> read(URI uri, String folder) throws IOException {
        if (!uri.getScheme().equals("jar")) {
            return read(Path.of(uri));
        }
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
            return read(jar.getPath(folder));
        } catch (FileSystemAlreadyExistsException e) {
            return read(FileSystems.getFileSystem(uri).getPath(folder));
        }
    }

    /** Fills in {@code ${view}} and each {@code ${<table>}} of {@code sql}. */
    public static String fill(String sql, String view, Map<WarehouseTable, String> tables) {
        String filled = sql.replace("${view}", view);
        for (Map.Entry<WarehouseTable, String> table : tables.entrySet()) {
            filled = filled.replace("${" + table.getKey().tableName() + "}", table.getValue());
        }
        return filled;
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> views = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".sql")) {
                    try (InputStream in = Files.newInputStream(file)) {
                        views.put(
                                name.substring(0, name.length() - ".sql".length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return views;
    }
}
