package dev.daybook.connectors.warehouse;

import java.nio.file.Path;

/**
 * Where {@code --warehouse} points: {@code duckdb:PATH}, {@code bigquery:PROJECT.DATASET.TABLE} or
 * {@code print}. Its {@code toString()} gives the canonical form, which also names the sink's consumer group.
 */
public sealed interface WarehouseUri {

    String USAGE = "use duckdb:PATH, bigquery:PROJECT.DATASET.TABLE or print";

    /** A DuckDB database file, created if missing. */
    record DuckDb(Path file) implements WarehouseUri {
        public DuckDb {
            file = file.toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return "duckdb:" + file;
        }
    }

    /**
     * A BigQuery table; the project may be domain-scoped ({@code example.com:project}). {@code bigquery:PROJECT}
     * alone means the seed's table, {@value #DEFAULT_DATASET}.{@value #DEFAULT_TABLE}.
     */
    record BigQuery(String project, String dataset, String table) implements WarehouseUri {

        public static final String DEFAULT_DATASET = "sequence";
        public static final String DEFAULT_TABLE = "sample_data";

        @Override
        public String toString() {
            return "bigquery:" + project + "." + dataset + "." + table;
        }
    }

    /** The whole table printed as CSV to standard output; nothing is kept. */
    record Print() implements WarehouseUri {
        @Override
        public String toString() {
            return "print";
        }
    }

    /**
     * @throws IllegalArgumentException with a one-line message when the text is none of the known forms
     */
    static WarehouseUri parse(String text) {
        String uri = text.strip();
        if (uri.equals("print")) {
            return new Print();
        }
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? uri : uri.substring(0, colon);
        String rest = colon < 0 ? "" : uri.substring(colon + 1);
        switch (scheme) {
            case "duckdb" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("warehouse '" + text + "' has no file: use duckdb:PATH");
                }
                return new DuckDb(expandHome(rest));
            }
            case "bigquery" -> {
                if (!rest.isEmpty() && !rest.contains(".")) {
                    return new BigQuery(rest, BigQuery.DEFAULT_DATASET, BigQuery.DEFAULT_TABLE);
                }
                int tableDot = rest.lastIndexOf('.');
                int datasetDot = tableDot < 0 ? -1 : rest.lastIndexOf('.', tableDot - 1);
                if (datasetDot <= 0 || tableDot == datasetDot + 1 || tableDot == rest.length() - 1) {
                    throw new IllegalArgumentException(
                            "warehouse '" + text + "' is not bigquery:PROJECT.DATASET.TABLE or bigquery:PROJECT");
                }
                return new BigQuery(
                        rest.substring(0, datasetDot),
                        rest.substring(datasetDot + 1, tableDot),
                        rest.substring(tableDot + 1));
            }
            default -> throw new IllegalArgumentException("unknown warehouse '" + text + "': " + USAGE);
        }
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
