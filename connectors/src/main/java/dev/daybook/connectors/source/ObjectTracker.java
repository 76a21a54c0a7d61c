package dev.daybook.connectors.source;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where every {@link Discovery} of a source hands over what it saw, and where the ingester takes
 * objects from. Each object version ({@link SourceObject#id()}) is handed out once, however often and
 * by however many discoveries it is offered; a new generation of the same name is a new version.
 * An object is pending from its first offer until the ingester calls {@link #done}; the age of the
 * oldest pending object is the source's lag.
 *
 * <p>Whether a version was already ingested before a restart, or has the same content as an earlier
 * generation, is for the ingester's progress store to decide: this tracker only remembers what it has
 * handed out in this process. Thread-safe.
 */
public final class ObjectTracker {

    private final Clock clock;
    private final Map<String, Instant> known = new HashMap<>();
    private final Map<String, SourceObject> pending = new LinkedHashMap<>();
    private final ArrayDeque<SourceObject> ready = new ArrayDeque<>();

    /** A tracker whose lag ({@code daybook.source.lag}, seconds) and pending count are exported. */
    public ObjectTracker(MeterRegistry meters, String sourceUri) {
        this(meters, sourceUri, Clock.systemUTC());
    }

    public ObjectTracker(MeterRegistry meters, String sourceUri, Clock clock) {
        this.clock = clock;
        Gauge.builder(
                        "daybook.source.lag",
                        this,
                        tracker -> tracker.lag(clock.instant()).toMillis() / 1000.0)
                .description("age of the oldest discovered object not yet ingested")
                .baseUnit("seconds")
                .tag("source", sourceUri)
                .register(meters);
        Gauge.builder("daybook.source.objects.pending", this, ObjectTracker::pendingCount)
                .description("objects discovered and not yet ingested")
                .tag("source", sourceUri)
                .register(meters);
    }

    /** @return whether the object version was new to this tracker (and is now queued) */
    public synchronized boolean offer(SourceObject object) {
        if (known.putIfAbsent(object.id(), clock.instant()) != null) {
            return false;
        }
        pending.put(object.id(), object);
        ready.addLast(object);
        notifyAll();
        return true;
    }

    /** The next object version to ingest, waiting up to {@code timeout} for one to be offered. */
    public synchronized Optional<SourceObject> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.of(ready.removeFirst());
    }

    /** Whether an object version waits to be taken by {@link #next}. */
    public synchronized boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The ingester is finished with this version: ingested, skipped as already seen, or dead-lettered. */
    public synchronized void done(SourceObject object) {
        pending.remove(object.id());
    }

    /**
     * Forgets versions a complete listing started at {@code listedAt} no longer showed (deleted or
     * replaced), so memory follows the size of the source rather than its history. Versions first offered
     * after the listing started, and pending ones, are kept.
     */
    public synchronized void retainListed(Collection<SourceObject> listed, Instant listedAt) {
        Set<String> present = new HashSet<>();
        listed.forEach(object -> present.add(object.id()));
        known.entrySet()
                .removeIf(entry -> !present.contains(entry.getKey())
                        && entry.getValue().isBefore(listedAt)
                        && !pending.containsKey(entry.getKey()));
    }

    /** How long the oldest pending object has been waiting since it was written. */
    public synchronized Duration lag(Instant now) {
        return pending.values().stream()
                .map(SourceObject::updated)
                .min(Instant::compareTo)
                .map(oldest -> Duration.between(oldest, now))
                .filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
    }

    /** The tracker's clock, which {@link #retainListed} times are to be read from. */
    public Instant now() {
        return clock.instant();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /** How many versions this tracker remembers having handed out. */
    public synchronized int knownCount() {
        return known.size();
    }
}
