package dev.daybook.app.sink;

import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows of which the warehouse may refuse some ({@link WarehouseException#rowsRefused()}): when it
 * refuses a set, each half is written on its own, and each half it refuses again is halved in turn, until
 * every refused row stands alone. Everything else is written. One refused row among n costs about
 * 2·log2(n) writes more; the writes must be idempotent, which a warehouse upsert guarded by version is.
 */
final class RefusedRowSearch {

    /** One write of some rows; a refusal is thrown as a {@link WarehouseException#rowsRefused()} failure. */
    @FunctionalInterface
    interface Write<T, E extends Exception> {
        void write(List<T> rows) throws WarehouseException, E;
    }

    /** A row the warehouse refused on its own, and the warehouse's reason. */
    record Refusal<T>(T row, WarehouseException reason) {}

    private RefusedRowSearch() {}

    /**
     * @return the rows refused, each with the failure of writing it alone; every other row was written
     * @throws WarehouseException a failure that is not a refusal of rows (the search stops there)
     */
    static <T, E extends Exception> List<Refusal<T>> write(List<T> rows, Write<T, E> write)
            throws WarehouseException, E {
        List<Refusal<T>> refusals = new ArrayList<>();
        writeOrSplit(rows, write, refusals);
        return refusals;
    }

    private static <T, E extends Exception> void writeOrSplit(
            List<T> rows, Write<T, E> write, List<Refusal<T>> refusals) throws WarehouseException, E {
        if (rows.isEmpty()) {
            return;
        }
        try {
            write.write(rows);
        } catch (WarehouseException e) {
            if (!e.rowsRefused()) {
                throw e;
            }
            if (rows.size() == 1) {
                refusals.add(new Refusal<>(rows.get(0), e));
                return;
            }
            int middle = rows.size() / 2;
            writeOrSplit(rows.subList(0, middle), write, refusals);
            writeOrSplit(rows.subList(middle, rows.size()), write, refusals);
        }
    }
}
