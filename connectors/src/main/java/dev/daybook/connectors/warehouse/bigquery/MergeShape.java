package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How {@link MergeStatement} writes the rows of one table: the columns a row carries (as typed query parameters),
 * the key, the day column that partitions the table (so that a MERGE reads only its rows' days), and which row
 * wins when the key is in the table already. A table with an {@code updated_at} column gets it set to the
 * statement's time when a row is inserted or changed.
 *
 * @param columns   every column the row carries, keys first; at most {@link MergeStatement#MAX_COLUMNS}
 * @param keys      how many of the first columns are the key
 * @param day       the partitioning DATE column's value of a row, when the table is partitioned
 * @param rule      which row wins on a matching key
 * @param updatedAt whether the table has an {@code updated_at} column
 */
record MergeShape<R>(
        List<Column<R>> columns, int keys, Optional<Function<R, LocalDate>> day, Rule rule, boolean updatedAt) {

    /** A column of the row: its name, its GoogleSQL type and its value in a row. */
    record Column<R>(String name, String type, Function<R, QueryParameterValue> value) {}

    enum Rule {
        /** the row replaces the table's when its {@code version} is higher: an older replay changes nothing */
        NEWER_VERSION,
        /** the row replaces the table's when any of its values differ: the same row again changes nothing */
        REPLACE,
        /** the table's row stays: a row depends on its key only */
        INSERT_ONLY
    }

    MergeShape {
        if (columns.size() > MergeStatement.MAX_COLUMNS || keys < 1 || keys >= columns.size() + 1) {
            throw new IllegalArgumentException(
                    "a MERGE takes 1 to " + MergeStatement.MAX_COLUMNS + " columns and a key of at least one of them");
        }
    }

    List<Column<R>> keyColumns() {
        return columns.subList(0, keys);
    }

    List<Column<R>> valueColumns() {
        return columns.subList(keys, columns.size());
    }
}
