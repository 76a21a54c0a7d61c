package dev.daybook.app.lifecycle;

/**
 * A long-running part of a command (the ingester, the aggregation, the sink, the rates service, the HTTP
 * server). {@link #start} returns once it works in the background; a failure it does not recover from stops
 * it and is pushed, once, to the listener given to {@link #start}; {@link #close} stops it, finishing what it
 * has in hand, whether it was started, failed or not.
 */
public interface Service extends AutoCloseable {

    /** Starts working in the background, at most once. */
    void start(FailureListener failures);
}
