package dev.daybook.app.ingest;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A run of consecutive rows of one object, decoded and serialized by a reader, handed to the object's
 * worker to be written in its current transaction.
 *
 * @param attempt    the task's attempt the reader was reading for; the worker drops chunks of older attempts
 * @param fromOffset where the run starts (decompressed bytes): the end of the previous chunk
 * @param endOffset  where the row after the run starts
 * @param endLines   physical lines read up to {@code endOffset}, the header included
 * @param amounts    what the amount check found in these rows
 * @param failure    when the object failed as a whole after these rows
 */
record Chunk(
        ObjectTask task,
        int attempt,
        List<ProducerRecord<byte[], byte[]>> records,
        long fromOffset,
        long endOffset,
        long endLines,
        long transactions,
        long skipped,
        long malformed,
        AmountTally amounts,
        Outcome outcome,
        ObjectFailure failure) {

    enum Outcome {
        /** More rows follow. */
        MORE,
        /** The object ends after these rows. */
        COMPLETE,
        /** The object failed as a whole ({@link #failure()}) after these rows. */
        FAILED,
        /** Reading kept failing transiently; the object is left where these rows end. */
        GAVE_UP
    }

    long rows() {
        return transactions + skipped + malformed;
    }
}
