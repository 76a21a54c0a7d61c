package dev.daybook.connectors.source;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the new and changed files of a {@link LocalDirectorySource} from the file system's change events
 * (inotify on Linux) rather than by listing the directory: it describes only the paths that changed, so that an
 * idle directory costs nothing whatever it holds, and it describes each as soon as no event has named it for
 * {@link #QUIET} (a file renamed into place at once; a file written in place once its writer pauses), rather
 * than at the next poll. The whole directory is listed at start, every {@code reconcileInterval}, and whenever
 * the events may be incomplete (the event queue overflowed, a directory could not be watched: then every poll
 * interval), as the safety net for what events cannot show, such as files another host writes to a network file
 * system.
 */
public final class DirectoryWatch implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

    /** How long no event may name a changed path before it is described. */
    static final Duration QUIET = Duration.ofMillis(200);

    private final LocalDirectorySource source;
    private final Duration pollInterval;
    private final Duration reconcileInterval;
    private final ObjectTracker tracker;
    private final ListingDiscovery listing;
    private final ExecutorService thread;
    /** Only the watching thread touches these. */
    private WatchService watcher;

    private final QuietPaths changes = new QuietPaths(QUIET);
    /** A key the wait for events took, whose events the next round reads. */
    private WatchKey signalled;

    private long lastListing;
    /** A directory could not be watched: the whole directory is listed every poll interval. */
    private boolean unwatched;
    /** Events were lost (the queue overflowed): the next round lists the whole directory. */
    private boolean missed;

    public DirectoryWatch(
            LocalDirectorySource source, Duration pollInterval, Duration reconcileInterval, ObjectTracker tracker) {
        this(source, source, pollInterval, reconcileInterval, tracker);
    }

    /** @param wholeListing how the whole directory is listed: {@code source} itself, or a test's view of it */
    DirectoryWatch(
            LocalDirectorySource source,
            ObjectSource wholeListing,
            Duration pollInterval,
            Duration reconcileInterval,
            ObjectTracker tracker) {
        if (pollInterval.isNegative() || pollInterval.isZero() || reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive, reconcile interval not negative: "
                    + pollInterval + ", " + reconcileInterval);
        }
        this.source = source;
        this.pollInterval = pollInterval;
        this.reconcileInterval = reconcileInterval;
        this.tracker = tracker;
        this.listing = new ListingDiscovery(wholeListing, pollInterval, tracker);
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "daybook-directory-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start() {
        thread.execute(this::watch);
    }

    /** Rounds until closed, each after the next event, the next quiet path or the poll interval, whichever is first. */
    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                pollQuietly();
                awaitChange();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitChange() throws InterruptedException {
        long wait = Math.min(pollInterval.toNanos(), changes.nanosUntilNextQuiet(System.nanoTime()));
        if (watcher == null) {
            TimeUnit.NANOSECONDS.sleep(wait);
        } else if (signalled == null) {
            signalled = watcher.poll(wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * One round: the changed paths that became quiet, or the whole directory when a reconciliation is due or the
     * events may have missed something. Returns how many object versions were new to the tracker.
     */
    public int pollOnce() throws IOException {
        boolean first = watcher == null;
        if (first) {
            watcher = FileSystems.getDefault().newWatchService();
            unwatched = !watchTree(source.directory());
        }
        readEvents();
        long now = System.nanoTime();
        long sinceListing = now - lastListing;
        if (first
                || missed
                || sinceListing >= reconcileInterval.toNanos()
                || (unwatched && sinceListing >= pollInterval.toNanos())) {
            lastListing = now;
            missed = false;
            return listing.listOnce();
        }
        Set<Path> changed = changes.takeQuiet(now);
        if (changed.isEmpty()) {
            return 0;
        }
        List<SourceObject> objects = source.list(changed);
        int added = 0;
        for (SourceObject object : objects) {
            if (tracker.offer(object)) {
                added++;
            }
        }
        return added;
    }

    /** Notes the paths the events name since the last call; a new directory is watched from now on. */
    private void readEvents() {
        for (WatchKey key = takeSignalled(); key != null; key = watcher.poll()) {
            long now = System.nanoTime();
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW) {
                    missed = true;
                    continue;
                }
                Path path = dir.resolve((Path) event.context());
                if (!Files.isDirectory(path)) {
                    changes.changed(path, now);
                } else if (event.kind() == ENTRY_CREATE) {
                    // what was written to it before it was watched is found by listing it whole
                    changes.changed(path, now);
                    unwatched |= !watchTree(path);
                }
            }
            key.reset();
        }
    }

    private WatchKey takeSignalled() {
        WatchKey key = signalled != null ? signalled : watcher.poll();
        signalled = null;
        return key;
    }

    /** Watches a directory and every directory below it that a listing enters; false if one could not be watched. */
    private boolean watchTree(Path top) {
        boolean[] all = {true};
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(source.directory())
                            && dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    try {
                        dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
                    } catch (IOException e) {
                        all[0] = false;
                        log.warn(
                                "Cannot watch {} ({}); {} is listed whole every {} instead",
                                dir,
                                e.toString(),
                                source.uri(),
                                pollInterval);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Cannot watch {} ({}); {} is listed whole every {} instead", top, e, source.uri(), pollInterval);
            return false;
        }
        return all[0];
    }

    private void pollQuietly() {
        try {
            int added = pollOnce();
            if (added > 0) {
                log.info("{} has {} new object version(s)", source.uri(), added);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Looking for new files in {} failed; trying again in {}", source.uri(), pollInterval, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listing.close();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.warn("Closing the watch of {} failed", source.uri(), e);
            }
        }
    }
}
