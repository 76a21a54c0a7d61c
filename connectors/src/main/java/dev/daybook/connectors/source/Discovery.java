package dev.daybook.connectors.source;

/**
 * A way new objects become known (periodic listing, change notifications). Every discovery of a
 * source feeds the same {@link ObjectTracker}, which hands each object version to the ingester once.
 */
public interface Discovery extends AutoCloseable {

    /** Starts discovering in the background; returns once it is running. */
    void start();

    /** Stops discovering; objects already handed to the tracker stay there. */
    @Override
    void close();
}
