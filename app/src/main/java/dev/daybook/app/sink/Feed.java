package dev.daybook.app.sink;

import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How one topic feeds one table of the warehouse: how a record becomes a row, the row's key in the table, which
 * of two rows of a key is newer, the day the row belongs to (for the date dimension) and the warehouse's write.
 *
 * @param deadLetters whether the sink dead-letters the topic's bad records; false for transactions, whose bad records
 *                    the aggregation dead-letters (the same checks), so that each is dead-lettered once
 * @param version the row's version, for tables whose rows carry one; null where the record read last is the newest
 * @param date    the row's day, for the tables the date dimension covers; null for the others
 * @param <R>     the table's row
 */
record Feed<R>(
        WarehouseTable table,
        String topic,
        boolean deadLetters,
        Reader<R> reader,
        Function<R, String> key,
        ToLongFunction<R> version,
        Function<R, LocalDate> date,
        Write<R> write) {

    /** Turns a record's key and value into a row. */
    @FunctionalInterface
    interface Reader<R> {
        /**
         * @param key   the record's key as text, null when it has none
         * @param value the record's value, never null
         * @throws BadRecord when the record is no row of the table
         */
        R read(String key, byte[] value) throws BadRecord;
    }

    /** One of the warehouse's write methods. */
    @FunctionalInterface
    interface Write<R> {
        void write(Warehouse warehouse, List<R> rows) throws WarehouseException;
    }

    /** Whether {@code read} replaces {@code held}, a row of the same key read before it. */
    boolean newer(R read, R held) {
        return version == null || version.applyAsLong(read) > version.applyAsLong(held);
    }

    /** A record that is no row of its table: dead-lettered with its reason code. */
    static final class BadRecord extends Exception {
        private final String reason;

        BadRecord(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
