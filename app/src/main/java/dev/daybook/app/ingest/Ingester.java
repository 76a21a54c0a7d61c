package dev.daybook.app.ingest;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.Sha256;
import dev.daybook.app.lifecycle.FailureListener;
import dev.daybook.app.lifecycle.Service;
import dev.daybook.app.progress.Progress;
import dev.daybook.connectors.source.Discovery;
import dev.daybook.connectors.source.DiscoveryFactory;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the Sequence event files of one source into Kafka exactly once: every row of every object
 * version becomes one {@code transactions} record (or one {@code dead-letter} record, or is skipped as
 * another event type), however often the ingester crashes and restarts.
 *
 * <p>Rows are written by {@code workers} transactional producers together with each object's progress
 * (the {@code ingest-progress} topic), in one Kafka transaction; after a crash an object is resumed
 * where its last committed progress says, by a ranged read. An object version already ingested, or whose
 * content is the same as an earlier version of the same URI that was ingested, is not read again. See
 * {@code docs/ingest.md}.
 *
 * <p>Only one ingester may run per source (and {@link IngestInstance}) at a time: a second one fences
 * the first's producers, which then stop with an {@link IngestFailedException}.
 *
 * <p>{@link #runOnce()} ingests what is there now, and throws if it fails; {@link #start} keeps ingesting
 * what appears, and tells its listener when it fails. The caller owns the source and closes it after this
 * ingester.
 */
public final class Ingester implements Service {

    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DISPATCH_POLL = Duration.ofMillis(200);
    private static final long PERMIT_POLL_MS = 200;

    private final IngestSettings settings;
    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final ObjectSource source;
    private final DiscoveryFactory discoveries;
    private final ObjectTracker tracker;
    private final IngestRecords records;
    private final IngestCounters counters = new IngestCounters();
    private final AmountMetrics amountMetrics;
    private final CloseSignal closing = new CloseSignal();
    private final ExecutorService readers;
    /** Objects read at once: a slot is taken to dispatch an object and given back when its first reading ends. */
    private final Semaphore permits;
    /** Object readings submitted and not yet ended. */
    private final AtomicInteger reading = new AtomicInteger();

    private final Versions versions = new Versions();
    private final Outstanding outstanding = new Outstanding();
    private final List<Worker> workers = new ArrayList<>();

    private final ProgressStore store;
    private TokenDecimals tokens;
    private ObjectReader.Context readerContext;
    private boolean started;
    private boolean continuous;
    private boolean closed;
    private Discovery discovery;
    private Thread dispatcher;
    private final AtomicReference<IngestFailedException> failure = new AtomicReference<>();
    private volatile FailureListener failures = reason -> {};
    private volatile long listedHere = IngestStats.UNKNOWN_TOTAL;

    /**
     * @param discoveries how {@link #start} finds new objects (listing, notifications); unused by {@link #runOnce()}
     * @param progress    the local index of {@code topics}' {@code ingest-progress}
     * @param meters      where the source's lag and pending objects, and the amount check ({@link AmountMetrics}), are reported
     */
    public Ingester(
            IngestSettings settings,
            KafkaSettings kafka,
            TopicCatalogue topics,
            ObjectSource source,
            DiscoveryFactory discoveries,
            ProgressIndex progress,
            MeterRegistry meters) {
        if (!progress.topic().name().equals(topics.ingestProgress().name())) {
            throw new IllegalArgumentException(
                    "the progress index is of " + progress.topic().name() + ", not of "
                            + topics.ingestProgress().name());
        }
        this.settings = settings;
        this.kafka = kafka;
        this.topics = topics;
        this.source = source;
        this.discoveries = discoveries;
        this.store = new ProgressStore(progress);
        this.tracker = new ObjectTracker(meters, source.uri());
        this.records = new IngestRecords(topics, RecordSizeLimit.of(kafka));
        this.amountMetrics = new AmountMetrics(meters);
        this.permits = new Semaphore(settings.maxObjectsInFlight());
        AtomicInteger threads = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(settings.maxObjectsInFlight(), runnable -> {
            Thread thread = new Thread(runnable, "daybook-ingest-reader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The transactional id of one worker: stable for a source, instance and worker, so that a restarted
     * ingester fences its crashed predecessor and aborts its open transaction.
     */
    public static String transactionalId(TopicCatalogue topics, String sourceUri, IngestInstance instance, int worker) {
        return topics.prefix() + "ingest-" + HexFormat.of().formatHex(Sha256.of(sourceUri), 0, 6) + "-"
                + instance.index() + "-" + worker;
    }

    /**
     * Ingests every object version the source lists now and returns once each is committed, dead-lettered,
     * skipped as ingested before, or (after {@code readRetries} transient failures) left for the next run.
     *
     * @throws IngestFailedException if Kafka refuses the ingester or the source cannot be listed
     */
    public IngestStats runOnce() throws InterruptedException {
        begin(false);
        List<SourceObject> listed;
        try {
            listed = source.list();
        } catch (IOException e) {
            throw new IngestFailedException("cannot list " + source.uri() + ": " + e.getMessage(), e);
        }
        listedHere = listed.stream()
                .filter(object -> settings.instance().owns(routingHash(object.uri())))
                .count();
        Instant listedAt = tracker.now();
        listed.forEach(tracker::offer);
        tracker.retainListed(listed, listedAt);
        for (Optional<SourceObject> next = tracker.next(Duration.ZERO);
                next.isPresent();
                next = tracker.next(Duration.ZERO)) {
            if (!dispatch(next.get())) {
                break;
            }
        }
        outstanding.awaitNone(() -> closing.isClosed() || failure.get() != null);
        throwIfFailed();
        return stats();
    }

    /**
     * Ingests continuously in background threads: what is there now, then what the discoveries find; a worker
     * failing for good stops the ingester and is reported to {@code failures}.
     */
    @Override
    public void start(FailureListener failures) {
        this.failures = failures;
        begin(true);
        discovery = discoveries.create(tracker);
        discovery.start();
        dispatcher = new Thread(this::dispatchContinuously, "daybook-ingest-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
        log.info("Ingesting {} continuously", source.uri());
    }

    /** What has been committed since this ingester was created. */
    public IngestStats stats() {
        return counters.snapshot();
    }

    /**
     * How far {@link #runOnce()} has got: the object versions finished (ingested, skipped, dead-lettered or left
     * for the next run) of those it listed for this instance, and the rows committed.
     */
    public Progress progress() {
        return stats().progress(listedHere);
    }

    /** Why the ingester stopped working, if it did (e.g. fenced by another ingester of the same source). */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get()).map(IngestFailedException::getMessage);
    }

    /**
     * Stops: discovery and reading stop, what readers handed over is written and committed, the producers
     * close. Rows read but not committed are read again by the next run; nothing is lost or doubled.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing.close();
        outstanding.wake();
        if (discovery != null) {
            discovery.close();
        }
        try {
            if (dispatcher != null) {
                dispatcher.interrupt();
                dispatcher.join(CLOSE_TIMEOUT.toMillis());
            }
            readers.shutdown();
            if (!readers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Ingest readers did not stop within {}; interrupting them", CLOSE_TIMEOUT);
                readers.shutdownNow();
            }
            for (Worker worker : workers) {
                worker.finish(CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tokens != null) {
            tokens.close();
        }
        catchUpProgress();
        IngestStats stats = stats();
        log.info(
                "Ingester of {} stopped: {} objects ingested, {} rows, {} transactions, {} dead letters",
                source.uri(),
                stats.objects(),
                stats.rowsRead(),
                stats.transactions(),
                stats.deadLettered());
    }

    /** After a clean stop, takes this run's progress records into the index, so that the next start need not. */
    private void catchUpProgress() {
        synchronized (this) {
            if (!started || failure.get() != null || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        try {
            store.catchUp(kafka, CATCH_UP_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn(
                    "The ingest progress index was not brought up to date at the stop; the next start reads this"
                            + " run's progress records again: {}",
                    e.getMessage());
        }
    }

    /**
     * Starts the producers (fencing earlier ones), then reads the committed progress and the tokens, then starts
     * the workers.
     */
    private synchronized void begin(boolean continuously) {
        if (closed) {
            throw new IllegalStateException("the ingester is closed");
        }
        if (started) {
            if (continuous || continuously) {
                throw new IllegalStateException(
                        continuous ? "the ingester runs continuously already" : "the ingester has run once already");
            }
            return;
        }
        continuous = continuously;
        Worker.Listener listener = new WorkerListener();
        try {
            for (int i = 0; i < settings.workers(); i++) {
                Worker worker = new Worker(
                        i,
                        transactionalId(topics, source.uri(), settings.instance(), i),
                        kafka,
                        settings,
                        records,
                        store,
                        counters,
                        amountMetrics,
                        listener,
                        closing);
                workers.add(worker);
            }
            for (Worker worker : workers) {
                worker.initTransactions();
            }
            HangingIngestTransactions.end(
                    kafka,
                    topics,
                    workers.stream().collect(Collectors.toMap(Worker::transactionalId, Function.identity())));
            store.load(kafka, LOAD_TIMEOUT);
            tokens = TokenDecimals.follow(kafka, topics.tokens(), LOAD_TIMEOUT, amountMetrics::track);
        } catch (RuntimeException e) {
            closeWorkersNotStarted();
            throw e;
        }
        int retryLimit = continuously ? Integer.MAX_VALUE : settings.readRetries();
        readerContext = new ObjectReader.Context(source, records, tokens, settings, closing, retryLimit);
        workers.forEach(Worker::start);
        started = true;
        log.info(
                "Ingester of {} started: {} worker(s) ({}), up to {} objects in flight, {} rows per transaction",
                source.uri(),
                workers.size(),
                workers.stream().map(Worker::transactionalId).toList(),
                settings.maxObjectsInFlight(),
                settings.batchRows());
    }

    private void closeWorkersNotStarted() {
        for (Worker worker : workers) {
            try {
                worker.finish(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    private void dispatchContinuously() {
        try {
            while (!closing.isClosed() && failure.get() == null) {
                Optional<SourceObject> next = tracker.next(DISPATCH_POLL);
                if (next.isPresent() && !dispatch(next.get())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * Starts ingesting an object version once an object slot is free, unless another instance owns it or an
     * earlier version of the same URI is still in flight (then it follows that one).
     *
     * @return false if the ingester closed or failed while waiting for a slot
     */
    private boolean dispatch(SourceObject object) throws InterruptedException {
        if (!settings.instance().owns(routingHash(object.uri()))) {
            tracker.done(object);
            return true;
        }
        outstanding.add();
        if (!versions.tryStart(object)) {
            return true;
        }
        while (!permits.tryAcquire(PERMIT_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (closing.isClosed() || failure.get() != null) {
                return false;
            }
        }
        beginObject(object, true);
        return true;
    }

    /**
     * Plans and starts an object version, holding its URI and, when dispatched, an object slot, which its reading
     * gives back; a version that needs no reading is finished at once and the next waiting version of the URI takes
     * its place.
     */
    private void beginObject(SourceObject first, boolean holdsSlot) {
        for (SourceObject object = first; object != null; object = versions.finish(object)) {
            ObjectPlan plan = store.plan(source.uri(), object, Instant.now(), settings.retryFailed());
            if (plan instanceof ObjectPlan.Read read) {
                ObjectTask task = new ObjectTask(object, workerFor(object), read.from());
                IngestProgress failed = read.retriedFailure();
                if (failed != null) {
                    log.info(
                            "Retrying {}, which failed ({}: {}), at line {}",
                            object.id(),
                            failed.reason(),
                            failed.message(),
                            read.from().linesDone() + 1);
                } else if (read.from().byteOffset() > 0) {
                    log.info(
                            "Resuming {} at line {} (byte {})",
                            object.id(),
                            read.from().linesDone() + 1,
                            read.from().byteOffset());
                }
                read(task, read.from(), holdsSlot);
                return;
            }
            log.debug("Not ingesting {}: {}", object.id(), ((ObjectPlan.Skip) plan).why());
            counters.skippedObject();
            tracker.done(object);
            outstanding.remove();
        }
        if (holdsSlot) {
            permits.release();
        }
    }

    /**
     * Reads an object on a reader thread. The slot is given back when the reading ends, before its rows are
     * committed, so that the next objects are read while a worker still gathers this one's into its transaction.
     */
    private void read(ObjectTask task, IngestProgress from, boolean releasesSlot) {
        ObjectReader reader = new ObjectReader(task, task.attempt, from, readerContext);
        reading.incrementAndGet();
        try {
            readers.execute(() -> {
                try {
                    reader.run();
                } finally {
                    endReading(releasesSlot);
                }
            });
        } catch (RejectedExecutionException closedAlready) {
            // The ingester is closing; the object is read again by the next run from its committed progress.
            endReading(releasesSlot);
        }
    }

    private void endReading(boolean releasesSlot) {
        reading.decrementAndGet();
        if (releasesSlot) {
            permits.release();
        }
    }

    private Worker workerFor(SourceObject object) {
        long perInstance = Long.divideUnsigned(
                routingHash(object.uri()), settings.instance().count());
        return workers.get((int) Long.remainderUnsigned(perInstance, workers.size()));
    }

    /**
     * Routes objects to instances and workers by URI, not by version, so that the versions of one object
     * are ingested one after the other by the same producer. The first 8 bytes of SHA-256: the same in
     * every JVM and every release.
     */
    static long routingHash(String uri) {
        return ByteBuffer.wrap(Sha256.of(uri)).getLong();
    }

    private void throwIfFailed() {
        IngestFailedException failed = failure.get();
        if (failed != null) {
            throw new IngestFailedException(failed.getMessage(), failed);
        }
    }

    /** What the workers report, on their threads. */
    private final class WorkerListener implements Worker.Listener {

        @Override
        public void finished(ObjectTask task) {
            IngestProgress last = task.committed;
            counters.finished(last);
            switch (last.state()) {
                case DONE ->
                    log.info(
                            "Ingested {}: {} rows, {} transactions, {} skipped, {} malformed, {} amounts disagreeing,"
                                    + " {} unchecked",
                            task,
                            last.rows(),
                            last.transactions(),
                            last.skipped(),
                            last.malformed(),
                            last.amountDisagreements(),
                            last.amountUnchecked());
                case FAILED -> log.warn("Dead-lettered {} as a whole ({}): {}", task, last.reason(), last.message());
                case IN_PROGRESS -> log.warn("Left {} at line {} for the next run", task, last.linesDone() + 1);
            }
            tracker.done(task.object);
            outstanding.remove();
            beginObject(versions.finish(task.object), false);
        }

        @Override
        public void readAgain(ObjectTask task) {
            read(task, task.committed, false);
        }

        @Override
        public boolean moreToRead() {
            return reading.get() > 0 || tracker.hasReady();
        }

        @Override
        public void failed(IngestFailedException failed) {
            log.error("The ingester of {} stopped: {}", source.uri(), failed.getMessage());
            boolean first = failure.compareAndSet(null, failed);
            closing.close();
            outstanding.wake();
            if (first) {
                failures.failed(failed.getMessage());
            }
        }
    }

    /** The versions of each URI in flight, one at a time; later ones wait for it. */
    private static final class Versions {
        private final Map<String, ArrayDeque<SourceObject>> waiting = new HashMap<>();

        /** @return true if no version of the URI is in flight: this one is now; false if it waits */
        synchronized boolean tryStart(SourceObject object) {
            ArrayDeque<SourceObject> queue = waiting.get(object.uri());
            if (queue == null) {
                waiting.put(object.uri(), new ArrayDeque<>());
                return true;
            }
            queue.addLast(object);
            return false;
        }

        /** The version of the URI to start next (it is in flight from now on), or null. */
        synchronized SourceObject finish(SourceObject object) {
            ArrayDeque<SourceObject> queue = waiting.get(object.uri());
            SourceObject next = queue == null ? null : queue.pollFirst();
            if (next == null) {
                waiting.remove(object.uri());
            }
            return next;
        }
    }

    /** Object versions dispatched and not yet finished, which {@link #runOnce()} waits for. */
    private static final class Outstanding {
        private final AtomicLong count = new AtomicLong();
        /** A permit whenever the count reached zero or the waiter's stop condition may have come true. */
        private final Semaphore changed = new Semaphore(0);

        void add() {
            count.incrementAndGet();
        }

        void remove() {
            if (count.decrementAndGet() == 0) {
                changed.release();
            }
        }

        void wake() {
            changed.release();
        }

        void awaitNone(BooleanSupplier stop) throws InterruptedException {
            while (count.get() > 0 && !stop.getAsBoolean()) {
                changed.acquire();
            }
        }
    }
}
