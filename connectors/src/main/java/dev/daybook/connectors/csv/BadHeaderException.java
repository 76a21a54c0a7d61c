package dev.daybook.connectors.csv;

/**
 * The object does not start with the Sequence header, so none of its rows can be trusted: the
 * whole object is to be dead-lettered.
 */
public final class BadHeaderException extends Exception {

    /** The reason code for a dead-lettered object. */
    public static final String REASON = "bad_header";

    public BadHeaderException(String message) {
        super(message);
    }
}
