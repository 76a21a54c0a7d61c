package dev.daybook.connectors.csv;

/** A row is malformed; thrown inside the decoder only, without a stack trace (it is not a bug). */
final class RowException extends Exception {

    private final MalformedReason reason;

    RowException(MalformedReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    MalformedReason reason() {
        return reason;
    }
}
