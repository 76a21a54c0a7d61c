package dev.daybook.connectors.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths that change events named, each held until no event has named it for a quiet period: a file renamed
 * into place is quiet at once, while a file written in place keeps being named as long as its writer writes.
 * Times are {@link System#nanoTime()} values, passed in.
 */
final class QuietPaths {

    private final long quietNanos;
    /** When an event last named each path. */
    private final Map<Path, Long> lastChanged = new HashMap<>();

    QuietPaths(Duration quiet) {
        this.quietNanos = quiet.toNanos();
    }

    void changed(Path path, long now) {
        lastChanged.put(path, now);
    }

    /** The paths no event has named for the quiet period at {@code now}, in order; they are no longer held. */
    Set<Path> takeQuiet(long now) {
        Set<Path> quiet = new TreeSet<>();
        for (Iterator<Map.Entry<Path, Long>> it = lastChanged.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Long> entry = it.next();
            if (now - entry.getValue() >= quietNanos) {
                quiet.add(entry.getKey());
                it.remove();
            }
        }
        return quiet;
    }

    /** Nanoseconds from {@code now} until the next held path is quiet; {@link Long#MAX_VALUE} when none is held. */
    long nanosUntilNextQuiet(long now) {
        long next = Long.MAX_VALUE;
        for (long changed : lastChanged.values()) {
            next = Math.min(next, Math.max(0, changed + quietNanos - now));
        }
        return next;
    }
}
