package dev.daybook.app.ingest;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional producer and the thread that drives it. Readers hand it chunks of the objects routed
 * to it; it writes their records into its open transaction and, when the transaction holds
 * {@code batchRows} rows or is {@code batchInterval} old, adds one progress record per object it touched
 * and commits. Rows and the progress that says they were written are therefore committed together or not
 * at all.
 *
 * <p>A transaction that fails is aborted, and every object with rows in it is read again from its last
 * committed progress (its readers' older attempts are dropped). A fatal producer error (fenced by another
 * process with the same transactional id, refused authorisation) or an internal error stops the worker and fails
 * the ingester, once, without a retry.
 */
final class Worker implements Runnable {

    interface Listener {
        /** The object's last progress (DONE, FAILED, or IN_PROGRESS when its reader gave up) is committed. */
        void finished(ObjectTask task);

        /** The object's uncommitted rows were aborted: read it again from {@code task.committed}. */
        void readAgain(ObjectTask task);

        void failed(IngestFailedException failure);

        /** Whether objects are being read or wait to be: a finished object's commit can then wait to take theirs too. */
        boolean moreToRead();
    }

    /** Throughput settings for the producer; a {@code --kafka-config} file may override them. */
    static final Map<String, Object> PRODUCER_TUNING = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            // The transactions topic is stored zstd-compressed: writing zstd spares the broker recompressing.
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
            ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, 1,
            // The first records of a transaction often meet the previous one's commit markers still being
            // written (CONCURRENT_TRANSACTIONS) and are retried: after 10 ms rather than the default 100 ms.
            ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long IDLE_POLL_MS = 100;
    private static final int COMMIT_TIMEOUT_RETRIES = 10;
    /** Aborted transactions in a row, each followed by a retry backoff, after which the worker gives up. */
    static final int MAX_CONSECUTIVE_ABORTS = 5;

    private final int index;
    private final String transactionalId;
    private final KafkaSettings kafka;
    private final IngestSettings settings;
    private final IngestRecords records;
    private final ProgressStore store;
    private final IngestCounters counters;
    private final AmountMetrics amountMetrics;
    private final Listener listener;
    private final CloseSignal closing;
    private final BlockingQueue<Chunk> inbox;
    private final Thread thread;

    private Producer<byte[], byte[]> producer;
    private final Set<ObjectTask> touched = new LinkedHashSet<>();
    private final List<ObjectTask> finishing = new ArrayList<>();
    /** What the amount check found in the rows of the open transaction. */
    private final AmountTally amounts = new AmountTally();
    /** The dead letters in the open transaction, counted once it commits. */
    private final DeadLetterTally deadLetters = new DeadLetterTally();

    private boolean inTransaction;
    private long transactionDeadline;
    private long rowsInTransaction;
    private int consecutiveAborts;
    private volatile boolean finishRequested;

    Worker(
            int index,
            String transactionalId,
            KafkaSettings kafka,
            IngestSettings settings,
            IngestRecords records,
            ProgressStore store,
            IngestCounters counters,
            AmountMetrics amountMetrics,
            Listener listener,
            CloseSignal closing) {
        this.index = index;
        this.transactionalId = transactionalId;
        this.kafka = kafka;
        this.settings = settings;
        this.records = records;
        this.store = store;
        this.counters = counters;
        this.amountMetrics = amountMetrics;
        this.listener = listener;
        this.closing = closing;
        this.inbox = new ArrayBlockingQueue<>(Math.max(4, 2 * settings.maxObjectsInFlight()));
        this.thread = new Thread(this, "daybook-ingest-worker-" + index);
        this.thread.setDaemon(true);
    }

    /**
     * Creates the producer and initialises its transactions: this fences an earlier producer with the same
     * transactional id (a previous run that crashed) and aborts its open transaction.
     */
    void initTransactions() {
        Map<String, Object> properties = new HashMap<>(PRODUCER_TUNING);
        properties.putAll(kafka.clientProperties());
        properties.putAll(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.CLIENT_ID_CONFIG,
                transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                (int) settings.transactionTimeout().toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        producer = new KafkaProducer<>(properties);
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IngestFailedException(
                    "cannot start the Kafka transactions of " + transactionalId + ": " + e.getMessage(), e);
        }
    }

    String transactionalId() {
        return transactionalId;
    }

    void start() {
        thread.start();
    }

    /**
     * Commits the record in a transaction of its own; call it before {@link #start()}. Its commit marker also ends
     * what Kafka left open of this producer's earlier transactions on the record's partition, committing it
     * ({@link HangingIngestTransactions}).
     */
    void commitAlone(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.beginTransaction();
            producer.send(record).get();
            producer.commitTransaction();
        } catch (ExecutionException e) {
            throw new IngestFailedException(
                    "cannot commit through " + transactionalId + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (KafkaException e) {
            throw new IngestFailedException("cannot commit through " + transactionalId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestFailedException("interrupted while committing through " + transactionalId, e);
        }
    }

    /** Called by readers; false if the inbox stayed full for {@code timeoutMillis}. */
    boolean offer(Chunk chunk, long timeoutMillis) throws InterruptedException {
        return inbox.offer(chunk, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes and commits what readers handed over, then stops. Call once the readers have stopped. */
    void finish(Duration timeout) throws InterruptedException {
        finishRequested = true;
        if (thread.getState() == Thread.State.NEW) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            return;
        }
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            log.warn("Ingest worker {} did not stop within {}", index, timeout);
        }
    }

    @Override
    public void run() {
        try {
            work();
        } catch (FatalProducerException e) {
            listener.failed(new IngestFailedException(
                    "Kafka refused the transactions of " + transactionalId + ": "
                            + e.getMessage()
                            + (e.getCause() instanceof ProducerFencedException
                                    ? " (another ingester with the same source and instance is running)"
                                    : ""),
                    e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            listener.failed(new IngestFailedException("ingest worker " + index + " failed: " + e, e));
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    private void work() throws InterruptedException {
        while (true) {
            Chunk chunk = inbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
            try {
                if (chunk != null) {
                    apply(chunk);
                } else if (finishRequested) {
                    commit();
                    return;
                }
                if (commitDue()) {
                    commit();
                }
            } catch (ProducerFencedException
                    | OutOfOrderSequenceException
                    | AuthorizationException
                    | AuthenticationException
                    | UnsupportedVersionException e) {
                throw new FatalProducerException(e);
            } catch (KafkaException e) {
                abortAndReadAgain(e);
            }
        }
    }

    private long waitMillis() {
        if (finishRequested) {
            return 0;
        }
        return inTransaction ? Math.max(0, transactionDeadline - System.nanoTime()) / 1_000_000 : IDLE_POLL_MS;
    }

    private boolean commitDue() {
        if (!inTransaction) {
            return false;
        }
        // An object that is finished is committed as soon as nothing else is to be read, so that small files do not
        // wait for the interval; while others are read, they share its commit (one commit per small file is what
        // made many small files slow).
        return rowsInTransaction >= settings.batchRows()
                || System.nanoTime() >= transactionDeadline
                || (!finishing.isEmpty() && inbox.isEmpty() && !listener.moreToRead());
    }

    private void apply(Chunk chunk) {
        ObjectTask task = chunk.task();
        if (chunk.attempt() != task.attempt) {
            return;
        }
        if (chunk.fromOffset() != task.pending.byteOffset()) {
            // a bug, not a failed transaction: aborting and reading again would only repeat it
            throw new IllegalStateException("internal error: a chunk of " + task + " starts at byte "
                    + chunk.fromOffset() + " but its progress is at " + task.pending.byteOffset());
        }
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            transactionDeadline = System.nanoTime() + settings.batchInterval().toNanos();
        }
        for (ProducerRecord<byte[], byte[]> record : chunk.records()) {
            send(record);
            deadLetters.count(record);
        }
        if (chunk.outcome() == Chunk.Outcome.FAILED) {
            ProducerRecord<byte[], byte[]> failed = records.failedObject(task.object, chunk.failure());
            send(failed);
            deadLetters.count(failed);
        }
        task.pending = advance(task.pending, chunk);
        touched.add(task);
        rowsInTransaction += chunk.rows();
        amounts.add(chunk.amounts());
        if (chunk.outcome() != Chunk.Outcome.MORE) {
            finishing.add(task);
        }
    }

    private static IngestProgress advance(IngestProgress progress, Chunk chunk) {
        IngestProgress.State state = switch (chunk.outcome()) {
            case MORE, GAVE_UP -> IngestProgress.State.IN_PROGRESS;
            case COMPLETE -> IngestProgress.State.DONE;
            case FAILED -> IngestProgress.State.FAILED;
        };
        ObjectFailure failure = chunk.failure();
        return new IngestProgress(
                progress.source(),
                progress.objectId(),
                progress.uri(),
                progress.generation(),
                progress.fingerprint(),
                state,
                chunk.endOffset(),
                chunk.endLines(),
                progress.rows() + chunk.rows(),
                progress.transactions() + chunk.transactions(),
                progress.skipped() + chunk.skipped(),
                progress.malformed() + chunk.malformed(),
                progress.amountDisagreements() + chunk.amounts().disagreements(),
                progress.amountUnchecked() + chunk.amounts().unchecked(),
                failure == null ? null : failure.reason(),
                failure == null ? null : DeadLetterHeaders.truncate(failure.message()),
                Instant.now());
    }

    private void commit() {
        if (!inTransaction) {
            return;
        }
        for (ObjectTask task : touched) {
            send(records.progress(task.pending));
        }
        commitTransaction();
        inTransaction = false;
        List<IngestProgress> committed = new ArrayList<>(touched.size());
        for (ObjectTask task : touched) {
            counters.committed(task.committed, task.pending);
            task.committed = task.pending;
            committed.add(task.committed);
        }
        store.putAll(committed);
        counters.commit();
        counters.deadLettered(deadLetters);
        deadLetters.clear();
        amountMetrics.committed(amounts);
        amounts.clear();
        consecutiveAborts = 0;
        List<ObjectTask> finished = List.copyOf(finishing);
        touched.clear();
        finishing.clear();
        rowsInTransaction = 0;
        finished.forEach(listener::finished);
    }

    /** A send that fails makes the transaction's commit fail, which is where the worker learns of it. */
    @SuppressWarnings("FutureReturnValueIgnored")
    private void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
    }

    /** A commit that times out may still complete; the producer allows trying again, which is what makes it safe. */
    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt > COMMIT_TIMEOUT_RETRIES) {
                    throw new FatalProducerException(e);
                }
                log.warn(
                        "Committing the transaction of {} timed out (attempt {}), trying again: {}",
                        transactionalId,
                        attempt,
                        e.getMessage());
            }
        }
    }

    /**
     * Aborts the open transaction and has its objects read again from their committed progress, after a
     * backoff; a transaction refused {@link #MAX_CONSECUTIVE_ABORTS} times in a row (e.g. a record larger than
     * the topic accepts) stops the worker rather than retry forever.
     */
    private void abortAndReadAgain(KafkaException cause) throws InterruptedException {
        if (++consecutiveAborts > MAX_CONSECUTIVE_ABORTS) {
            throw new FatalProducerException(new KafkaException(
                    "the transaction failed " + MAX_CONSECUTIVE_ABORTS + " times in a row, last: " + cause.getMessage(),
                    cause));
        }
        log.warn(
                "The Kafka transaction of {} failed; aborting it and reading {} object(s) again from their last committed progress: {}",
                transactionalId,
                touched.size(),
                cause.toString());
        if (inTransaction) {
            try {
                producer.abortTransaction();
            } catch (ProducerFencedException e) {
                throw new FatalProducerException(e);
            } catch (KafkaException e) {
                log.warn("Aborting failed, starting a new producer for {}: {}", transactionalId, e.toString());
                producer.close(Duration.ZERO);
                initTransactions();
            }
        }
        inTransaction = false;
        List<ObjectTask> again = List.copyOf(touched);
        touched.clear();
        finishing.clear();
        rowsInTransaction = 0;
        amounts.clear();
        deadLetters.clear();
        for (ObjectTask task : again) {
            task.pending = task.committed;
            task.nextAttempt();
        }
        closing.pause(settings.retryDelay(consecutiveAborts, ThreadLocalRandom.current()));
        again.forEach(listener::readAgain);
    }

    /** A producer error after which this producer cannot go on. */
    private static final class FatalProducerException extends RuntimeException {
        FatalProducerException(KafkaException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
