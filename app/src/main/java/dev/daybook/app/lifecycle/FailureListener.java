package dev.daybook.app.lifecycle;

/** Told, once, why a {@link Service} stopped working by itself; called on the service's own thread. */
@FunctionalInterface
public interface FailureListener {

    /** @param reason one line, said to the user as the command's error */
    void failed(String reason);
}
