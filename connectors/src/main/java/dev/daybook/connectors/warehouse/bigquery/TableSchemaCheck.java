package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns the sink writes, as {@code schemas/bigquery/daily_volume.sql} creates them, and what an
 * existing table has otherwise. (A test checks that the DDL creates exactly {@link #EXPECTED}.)
 */
final class TableSchemaCheck {

    record Column(String name, StandardSQLTypeName type) {
    }

    static final List<Column> EXPECTED = List.of(
            new Column("date", StandardSQLTypeName.DATE),
            new Column("project_id", StandardSQLTypeName.STRING),
            new Column("num_transactions", StandardSQLTypeName.INT64),
            new Column("total_volume_usd", StandardSQLTypeName.FLOAT64),
            new Column("unpriced_transactions", StandardSQLTypeName.INT64),
            new Column("updated_at", StandardSQLTypeName.TIMESTAMP),
            new Column("version", StandardSQLTypeName.INT64));

    private TableSchemaCheck() {
    }

    /**
     * What differs between the table's schema and {@link #EXPECTED}, one line per column; empty when
     * they match. Column order and the NOT NULL mode are not compared: the MERGE names its columns,
     * and a NULLABLE column takes the same values.
     */
    static List<String> differences(Schema actual) {
        Map<String, Field> fields = new LinkedHashMap<>();
        FieldList list = actual == null ? FieldList.of() : actual.getFields();
        list.forEach(field -> fields.put(field.getName().toLowerCase(java.util.Locale.ROOT), field));
        List<String> differences = new ArrayList<>();
        for (Column column : EXPECTED) {
            Field field = fields.remove(column.name());
            if (field == null) {
                differences.add("column " + column.name() + " " + column.type() + " is missing");
            } else if (!column.type().equals(standardType(field))) {
                differences.add("column " + column.name() + " is " + describe(field) + ", expected " + column.type());
            } else if (field.getMode() == Field.Mode.REPEATED) {
                differences.add("column " + column.name() + " is REPEATED, expected a single " + column.type());
            }
        }
        fields.values().forEach(field -> differences.add("column " + field.getName() + " " + describe(field) + " is unexpected"));
        return differences;
    }

    private static StandardSQLTypeName standardType(Field field) {
        LegacySQLTypeName type = field.getType();
        return type == null ? null : type.getStandardType();
    }

    private static String describe(Field field) {
        StandardSQLTypeName type = standardType(field);
        return (field.getMode() == Field.Mode.REPEATED ? "ARRAY<" + type + ">" : String.valueOf(type));
    }
}
