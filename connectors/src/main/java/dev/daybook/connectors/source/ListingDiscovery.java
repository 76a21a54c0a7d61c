package dev.daybook.connectors.source;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the source every {@code interval} and offers what it finds to the tracker. Works for any
 * {@link ObjectSource}; with change notifications on it is the safety net that catches whatever a
 * notification missed (lost, sent while the ingester was down, filtered out by mistake).
 */
public final class ListingDiscovery implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(ListingDiscovery.class);

    private final ObjectSource source;
    private final Duration interval;
    private final ObjectTracker tracker;
    private final ScheduledExecutorService scheduler;

    public ListingDiscovery(ObjectSource source, Duration interval, ObjectTracker tracker) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + interval);
        }
        this.source = source;
        this.interval = interval;
        this.tracker = tracker;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "daybook-listing");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    @SuppressWarnings(
            "FutureReturnValueIgnored") // listQuietly logs every failure itself, so the future never holds one
    public void start() {
        scheduler.scheduleWithFixedDelay(this::listQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lists once now; returns how many object versions were new to the tracker. */
    public int listOnce() throws IOException {
        Instant started = tracker.now();
        List<SourceObject> objects = source.list();
        int added = 0;
        for (SourceObject object : objects) {
            if (tracker.offer(object)) {
                added++;
            }
        }
        tracker.retainListed(objects, started);
        return added;
    }

    private void listQuietly() {
        try {
            int added = listOnce();
            if (added > 0) {
                log.info("Listing of {} found {} new object(s)", source.uri(), added);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Listing {} failed; trying again in {}", source.uri(), interval, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
