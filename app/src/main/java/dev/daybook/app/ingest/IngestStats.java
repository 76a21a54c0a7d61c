package dev.daybook.app.ingest;

import dev.daybook.app.progress.Progress;
import dev.daybook.connectors.csv.BadHeaderException;
import dev.daybook.connectors.csv.MalformedReason;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an ingester has committed since it was created; every number counts only what is in a committed
 * Kafka transaction, so work redone after an aborted transaction is not counted twice.
 *
 * @param objects           object versions ingested to their end
 * @param objectsSkipped    object versions not read because they were ingested before (the same version,
 *                          or an earlier version of the same URI with the same content) or failed before
 * @param objectsFailed     object versions dead-lettered as a whole (bad header, corrupt gzip, vanished, unreadable)
 * @param objectsUnfinished object versions left part-read because reading kept failing transiently
 *                          ({@link Ingester#runOnce()} only); the next run resumes them
 * @param rowsRead          rows read: transactions + skipped + malformed (the header and blank lines not counted)
 * @param transactions      rows written to {@code transactions}
 * @param skipped           rows of other event types, not written anywhere
 * @param malformed         rows written to {@code dead-letter}
 * @param deadLettered      records written to {@code dead-letter}: malformed rows and failed objects
 * @param bytes             decompressed bytes of objects read
 * @param commits           Kafka transactions committed
 * @param amountDisagreements transactions whose decimal amount disagrees with their raw one (the raw one is used)
 * @param amountUnchecked   transactions with both amounts whose currency's decimals were not known yet
 * @param deadLettersByReason {@code deadLettered} by the {@code daybook.reason} code of each dead letter (only the codes
 *                          seen; they add up to {@code deadLettered})
 */
public record IngestStats(
        long objects,
        long objectsSkipped,
        long objectsFailed,
        long objectsUnfinished,
        long rowsRead,
        long transactions,
        long skipped,
        long malformed,
        long deadLettered,
        long bytes,
        long commits,
        long amountDisagreements,
        long amountUnchecked,
        Map<String, Long> deadLettersByReason) {

    /** {@link #progress}'s total when the objects to do are not known yet. */
    public static final long UNKNOWN_TOTAL = Progress.Count.UNKNOWN;

    /**
     * How far a run has got: the object versions finished (ingested, skipped, dead-lettered or left for the next
     * run) of {@code listed}, and the rows read.
     */
    public Progress progress(long listed) {
        long finished = objects + objectsSkipped + objectsFailed + objectsUnfinished;
        return new Progress(new Progress.Count(finished, listed, "objects"), Progress.Count.of(rowsRead, "rows"));
    }

    /**
     * Every reason code the ingester can give a dead letter, sorted: the decoder's for rows, {@code record_too_large},
     * and those of objects failed as a whole.
     */
    public static final List<String> DEAD_LETTER_REASONS = Stream.concat(
                    Arrays.stream(MalformedReason.values()).map(MalformedReason::code),
                    Stream.of(
                            IngestRecords.RECORD_TOO_LARGE,
                            BadHeaderException.REASON,
                            ObjectFailure.CORRUPT_GZIP,
                            ObjectFailure.DECOMPRESSED_TOO_LARGE,
                            ObjectFailure.OBJECT_VANISHED,
                            ObjectFailure.OBJECT_UNREADABLE))
            .sorted()
            .toList();

    public IngestStats {
        deadLettersByReason = Collections.unmodifiableSortedMap(new TreeMap<>(deadLettersByReason));
    }
}
