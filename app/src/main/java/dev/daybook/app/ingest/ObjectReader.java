package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.BadHeaderException;
import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.Position;
import dev.daybook.connectors.csv.SequenceDecoder;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.ObjectStreams;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one attempt at one object version: opens it where the attempt starts (a ranged read for a plain
 * object, decompress-and-skip for gzip), decodes it, turns rows into Kafka records and hands them to the
 * object's worker in chunks. Only the current chunk is in memory.
 *
 * <p>A transient read failure discards the rows not yet handed over and reopens the object after the
 * last chunk handed over, with backoff. A permanent one (bad header, corrupt gzip, vanished or
 * unreadable object) hands over the rows read so far with the failure, which the worker dead-letters.
 * The reader stops as soon as its attempt is superseded (the worker aborted a transaction holding rows of
 * this object and reads it again from its last committed progress) or the ingester closes.
 */
final class ObjectReader implements Runnable {

    /** Most rows in a chunk; the worker commits between chunks, so this also bounds how far a transaction overshoots. */
    static final int MAX_CHUNK_ROWS = 500;
    /** A chunk is handed over once its record values reach this size, whatever its row count. */
    static final int MAX_CHUNK_BYTES = 1 << 20;

    private static final long HAND_OVER_WAIT_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(ObjectReader.class);

    /** What every reader of one ingester shares. */
    record Context(
            ObjectSource source,
            IngestRecords records,
            TokenDecimals tokens,
            IngestSettings settings,
            CloseSignal closing,
            int retryLimit) {}

    private final ObjectTask task;
    private final int attempt;
    private final SourceObject object;
    private final Context context;
    private final int chunkRows;
    private final byte[] uriKey;
    /** Where the last chunk handed over ends. */
    private long handedOffset;

    private long handedLines;
    /** Rows read since the last hand-over; null before the object is opened. */
    private ChunkBuilder current;

    private HeadCapture head;

    ObjectReader(ObjectTask task, int attempt, IngestProgress from, Context context) {
        this.task = task;
        this.attempt = attempt;
        this.object = task.object;
        this.context = context;
        this.chunkRows = Math.min(MAX_CHUNK_ROWS, context.settings().batchRows());
        this.uriKey = DeadLetterHeaders.utf8(object.uri());
        this.handedOffset = from.byteOffset();
        this.handedLines = from.linesDone();
    }

    @Override
    public void run() {
        try {
            readWithRetries();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readWithRetries() throws InterruptedException {
        int failures = 0;
        while (stillWanted()) {
            long before = handedOffset;
            try {
                readToEnd();
                return;
            } catch (BadHeaderException e) {
                handOver(failedChunk(ObjectFailure.badHeader(e, head == null ? new byte[0] : head.head())));
                return;
            } catch (IOException | RuntimeException e) {
                Optional<ObjectFailure> permanent = ObjectFailure.permanent(e, object, linesRead() + 1);
                if (permanent.isPresent()) {
                    handOver(failedChunk(permanent.get()));
                    return;
                }
                failures = handedOffset > before ? 1 : failures + 1;
                current = null;
                if (failures > context.retryLimit()) {
                    log.error(
                            "Reading {} keeps failing; leaving it at line {} for the next run: {}",
                            object.id(),
                            handedLines + 1,
                            e.toString());
                    handOver(new ChunkBuilder(handedOffset, handedLines).build(Chunk.Outcome.GAVE_UP, null));
                    return;
                }
                Duration delay = context.settings().retryDelay(failures, ThreadLocalRandom.current());
                log.warn(
                        "Reading {} failed (failure {}), reading on from line {} in {} ms: {}",
                        object.id(),
                        failures,
                        handedLines + 1,
                        delay.toMillis(),
                        e.toString());
                if (!context.closing().pause(delay)) {
                    return;
                }
            }
        }
    }

    private void readToEnd() throws IOException, BadHeaderException, InterruptedException {
        InputStream in = ObjectStreams.openDecompressed(
                context.source(), object, handedOffset, context.settings().maxDecompressedBytes());
        SequenceDecoder opened;
        if (handedOffset == 0) {
            head = new HeadCapture(in);
            opened = SequenceDecoder.open(
                    head, object.uri(), object.generation(), context.settings().tsRange());
        } else {
            opened = SequenceDecoder.resume(
                    in,
                    object.uri(),
                    object.generation(),
                    new Position(handedOffset, handedLines + 1),
                    context.settings().tsRange());
        }
        try (SequenceDecoder decoder = opened) {
            Position start = decoder.position();
            current = new ChunkBuilder(handedOffset, handedLines);
            current.reach(start);
            for (Decoded row = decoder.next(); row != null; row = decoder.next()) {
                current.add(row);
                if (current.full()) {
                    if (!handOver(current.build(Chunk.Outcome.MORE, null))) {
                        return;
                    }
                    current = new ChunkBuilder(handedOffset, handedLines);
                }
            }
            handOver(current.build(Chunk.Outcome.COMPLETE, null));
        }
    }

    /** The rows read since the last hand-over, then the failure. */
    private Chunk failedChunk(ObjectFailure failure) {
        ChunkBuilder rows = current != null ? current : new ChunkBuilder(handedOffset, handedLines);
        return rows.build(Chunk.Outcome.FAILED, failure);
    }

    private long linesRead() {
        return current != null ? current.endLines : handedLines;
    }

    private boolean stillWanted() {
        return task.attempt == attempt && !context.closing().isClosed();
    }

    /** @return false if the chunk was not handed over because this attempt is no longer wanted */
    private boolean handOver(Chunk chunk) throws InterruptedException {
        while (stillWanted()) {
            if (task.worker.offer(chunk, HAND_OVER_WAIT_MS)) {
                handedOffset = chunk.endOffset();
                handedLines = chunk.endLines();
                return true;
            }
        }
        return false;
    }

    /** Collects the records of consecutive rows. */
    private final class ChunkBuilder {
        private final long from;
        private long endOffset;
        private long endLines;
        private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(chunkRows);
        private long bytes;
        private long transactions;
        private long skipped;
        private long malformed;
        private final AmountTally amounts = new AmountTally();

        ChunkBuilder(long from, long linesBefore) {
            this.from = from;
            this.endOffset = from;
            this.endLines = linesBefore;
        }

        void reach(Position next) {
            endOffset = next.offset();
            endLines = next.line() - 1;
        }

        void add(Decoded row) {
            if (row instanceof Decoded.Transaction t) {
                ProducerRecord<byte[], byte[]> record = context.records().transaction(t.transaction());
                if (context.records().fits(record)) {
                    addTransaction(t, record);
                } else {
                    addDeadLetter(context.records().oversized(object, uriKey, record, row.line()));
                }
            } else if (row instanceof Decoded.Skipped) {
                skipped++;
            } else if (row instanceof Decoded.Malformed m) {
                addDeadLetter(context.records().malformedRow(object, uriKey, m));
            }
            reach(row.next());
        }

        private void addTransaction(Decoded.Transaction row, ProducerRecord<byte[], byte[]> record) {
            records.add(record);
            bytes += record.value().length;
            transactions++;
            if (row.declaredDecimal() != null) {
                amounts.check(
                        row.transaction(),
                        row.declaredDecimal(),
                        context.tokens().of(row.transaction()));
            }
        }

        /** A row that is not a transaction: it counts as malformed. */
        private void addDeadLetter(ProducerRecord<byte[], byte[]> deadLetter) {
            records.add(deadLetter);
            bytes += deadLetter.value().length;
            malformed++;
        }

        boolean full() {
            return transactions + skipped + malformed >= chunkRows || bytes >= MAX_CHUNK_BYTES;
        }

        Chunk build(Chunk.Outcome outcome, ObjectFailure failure) {
            return new Chunk(
                    task,
                    attempt,
                    records,
                    from,
                    endOffset,
                    endLines,
                    transactions,
                    skipped,
                    malformed,
                    amounts,
                    outcome,
                    failure);
        }
    }
}
