package dev.daybook.app.sink;

/** The sink stopped because a write or a commit failed for good; offsets after the last good write stay uncommitted. */
public class SinkFailedException extends Exception {

    public SinkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
