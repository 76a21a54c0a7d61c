package dev.daybook.connectors.warehouse.bigquery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The DDL of {@code schemas/bigquery}, packaged with daybook-schemas, with its placeholders filled in. */
final class Ddl {

    private static final String RESOURCES = "/dev/daybook/schemas/bigquery/";

    private Ddl() {}

    /** {@code <file>.sql}: the table, if it does not exist. */
    static String table(String file, BigQueryTableRef table) {
        return load(file + ".sql").replace("${table}", table.sql());
    }

    /** {@code <name>.sql}: a view over {@code table}, named {@code <table>_<name>}. */
    static String view(String name, BigQueryTableRef table) {
        return load(name + ".sql").replace("${view}", viewOf(name, table).sql()).replace("${table}", table.sql());
    }

    static BigQueryTableRef viewOf(String name, BigQueryTableRef table) {
        return table.sibling(table.table() + "_" + name);
    }

    private static String load(String file) {
        try (InputStream in = Ddl.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "DDL " + RESOURCES + file + " is not on the class path (daybook-schemas)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
