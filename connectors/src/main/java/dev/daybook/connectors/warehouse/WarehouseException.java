package dev.daybook.connectors.warehouse;

/** A failed warehouse operation; {@link #transientFailure()} says whether retrying may succeed. */
public class WarehouseException extends Exception {

    private final boolean transientFailure;

    public WarehouseException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
