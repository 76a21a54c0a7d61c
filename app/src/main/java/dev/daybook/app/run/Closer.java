package dev.daybook.app.run;

import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a command started in the reverse order of starting it, so that a part stops before the parts
 * it feeds (the ingester before the aggregation, the aggregation before the sink, all before the broker).
 * A failure to close one part is logged and does not keep the others open.
 */
public final class Closer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Closer.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Registers {@code part} to be closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** Registers {@code service} like {@link #add}, then starts it: one that fails to start is closed all the same. */
    public synchronized <T extends Service> T start(T service, FailureListener failures) {
        add(service);
        service.start(failures);
        return service;
    }

    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            long started = System.nanoTime();
            try {
                part.close();
                log.debug("Closed {} in {} ms", part, (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Cannot close {}: {}", part, e.toString());
            }
        }
    }
}
