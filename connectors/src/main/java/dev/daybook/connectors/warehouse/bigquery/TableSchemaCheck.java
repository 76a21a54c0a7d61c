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

/**
 * The columns the sink writes, as {@code schemas/bigquery/daily_volume.sql} creates them, and what an
 * existing table has otherwise. (A test checks that the DDL creates exactly {@link #EXPECTED}.)
 */
final class TableSchemaCheck {

    record Column(String name, StandardSQLTypeName type) {}

    static final List<Column> EXPECTED = List.of(
            new Column("date", StandardSQLTypeName.DATE),
            new Column("project_id", StandardSQLTypeName.STRING),
            new Column("num_transactions", StandardSQLTypeName.INT64),
            new Column("total_volume_usd", StandardSQLTypeName.FLOAT64),
            new Column("unpriced_transactions", StandardSQLTypeName.INT64),
            new Column("updated_at", StandardSQLTypeName.TIMESTAMP),
            new Column("version", StandardSQLTypeName.INT64));

    private TableSchemaCheck() {}

    /**
     * What differs between the table's schema and {@link #EXPECTED}, one line per column; empty when
     * they match. Column order and the NOT NULL mode are not compared: the MERGE names its columns and
     * never writes NULL (and the emulator reports every column NULLABLE).
     */
    static List<String> differences(Schema actual) {
        Map<String, Field> fields = new LinkedHashMap<>();
        FieldList list = actual == null ? FieldList.of() : actual.getFields();
        list.forEach(field -> fields.put(field.getName().toLowerCase(Locale.ROOT), field));
        List<String> differences = new ArrayList<>();
        for (Column column : EXPECTED) {
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
