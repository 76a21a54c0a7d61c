package dev.daybook.connectors.warehouse;

/**
 * A failed warehouse operation. {@link #transientFailure()} says whether retrying may succeed;
 * {@link #rowsRefused()} says that the warehouse refused the data itself (a constraint, a value out of
 * range), so that the same rows fail again but other rows may pass.
 */
public class WarehouseException extends Exception {

    private final boolean transientFailure;
    private final boolean rowsRefused;

    public WarehouseException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, false, cause);
    }

    private WarehouseException(String message, boolean transientFailure, boolean rowsRefused, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.rowsRefused = rowsRefused;
    }

    /** A permanent failure caused by some of the rows written, not by the warehouse or the table. */
    public static WarehouseException rowsRefused(String message, Throwable cause) {
        return new WarehouseException(message, false, true, cause);
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    public boolean rowsRefused() {
        return rowsRefused;
    }
}
