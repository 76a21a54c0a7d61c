package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The columns a table of {@code schemas/bigquery} has, read from its DDL, and what an existing table has
 * otherwise.
 */
final class TableSchemaCheck {

    record Column(String name, StandardSQLTypeName type) {}

    /** A column line of a CREATE TABLE: {@code name TYPE [NOT NULL][,]}. */
    private static final Pattern COLUMN =
            Pattern.compile("^\\s*(\\w+)\\s+([A-Z0-9]+)(?:\\s+NOT\\s+NULL)?\\s*,?\\s*$", Pattern.MULTILINE);

    private TableSchemaCheck() {}

    /** The columns the {@code CREATE TABLE} of {@code ddl} creates, in order. */
    static List<Column> expected(String ddl) {
        String sql = ddl.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a CREATE TABLE with a column list: " + ddl);
        }
        List<Column> columns = new ArrayList<>();
        Matcher matcher = COLUMN.matcher(sql.substring(open + 1, close));
        while (matcher.find()) {
            columns.add(new Column(matcher.group(1), StandardSQLTypeName.valueOf(matcher.group(2))));
        }
        return columns;
    }

    /**
     * What differs between the table's schema and {@code expected}, one line per column; empty when they match.
     * Column order and the NOT NULL mode are not compared: the writes name their columns and never write NULL
     * where the DDL forbids it (and the emulator reports every column NULLABLE).
     */
    static List<String> differences(Schema actual, List<Column> expected) {
        Map<String, Field> fields = new LinkedHashMap<>();
        FieldList list = actual == null ? FieldList.of() : actual.getFields();
        list.forEach(field -> fields.put(field.getName().toLowerCase(Locale.ROOT), field));
        List<String> differences = new ArrayList<>();
        for (Column column : expected) {
            Field field = fields.remove(column.name());
            if (field == null) {
                differences.add("column " + column.name() + " " + column.type() + " is missing");
            } else if (!describe(field).equals(column.type().name())) {
                differences.add("column " + column.name() + " is " + describe(field) + ", expected " + column.type());
            }
        }
        fields.values()
                .forEach(field ->
                        differences.add("column " + field.getName() + " " + describe(field) + " is unexpected"));
        return differences;
    }

    /** The column's type as GoogleSQL names it, e.g. {@code INT64} or {@code ARRAY<STRING>}. */
    private static String describe(Field field) {
        LegacySQLTypeName legacy = field.getType();
        String type = legacy == null ? "?" : legacy.getStandardType().name();
        return field.getMode() == Field.Mode.REPEATED ? "ARRAY<" + type + ">" : type;
    }
}
