package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;

/**
 * How far the ingester has got with one version of one source object. Value of the compacted
 * {@code ingest-progress} topic, keyed by {@link #objectId()}; written in the same Kafka transaction
 * as the object's rows, so what it says was ingested is exactly what the other topics hold.
 *
 * @param source      URI of the source the ingester was configured with, e.g. {@code gs://bucket/in/}
 * @param objectId    the object version's identity: {@code uri#generation}, or {@code uri} where the store has no generation
 * @param fingerprint the version's content fingerprint as the store reports it; a version with the same
 *                    uri and fingerprint has the same content
 * @param byteOffset  where the next row starts, in the object's decompressed bytes; 0 before the header was read
 * @param linesDone   physical lines read so far, the header included: the next row starts on line {@code linesDone + 1}
 * @param rows        rows this object version has committed (transactions, skipped and malformed; the header and
 *                    blank lines not counted), over all its runs; a version resumed where another version with the
 *                    same content stopped counts only its own, so that the latest records of all versions add up
 *                    to every row committed, each once
 * @param transactions of those, rows written to {@code transactions}
 * @param skipped     of those, rows of other event types
 * @param malformed   of those, rows written to {@code dead-letter}
 * @param amountDisagreements of the transactions, those whose {@code currencyValueDecimal} disagrees with their
 *                    {@code currencyValueRaw} scaled by the currency's decimals (the raw amount is used)
 * @param amountUnchecked of the transactions, those with both amounts whose currency's decimals were not known
 *                    when they were read, so that the two could not be compared. Both counts are 0 in records
 *                    written before they existed.
 * @param reason      when {@link State#FAILED}: the reason code of the object's dead letter, e.g. {@code bad_header}
 * @param message     when {@link State#FAILED}: what went wrong, for people
 * @param updatedAt   when this record was written
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestProgress(
        String source,
        String objectId,
        String uri,
        long generation,
        String fingerprint,
        State state,
        long byteOffset,
        long linesDone,
        long rows,
        long transactions,
        long skipped,
        long malformed,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long amountDisagreements,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long amountUnchecked,
        String reason,
        String message,
        Instant updatedAt) {

    public enum State {
        /** Rows up to {@code byte_offset} are written; the rest is still to be read. */
        IN_PROGRESS,
        /** Every row of the object is written. */
        DONE,
        /** The object as a whole was dead-lettered ({@code reason}); it is not tried again. */
        FAILED
    }

    public IngestProgress {
        Transaction.requireText(source, "source");
        Transaction.requireText(objectId, "object_id");
        Transaction.requireText(uri, "uri");
        Transaction.requireText(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updated_at");
        if (generation < 0
                || byteOffset < 0
                || linesDone < 0
                || rows < 0
                || transactions < 0
                || skipped < 0
                || malformed < 0
                || amountDisagreements < 0
                || amountUnchecked < 0) {
            throw new IllegalArgumentException("generation, offsets and counts must not be negative");
        }
        if (transactions + skipped + malformed != rows) {
            throw new IllegalArgumentException("rows (" + rows + ") must be transactions + skipped + malformed ("
                    + transactions + " + " + skipped + " + " + malformed + ")");
        }
        if (amountDisagreements + amountUnchecked > transactions) {
            throw new IllegalArgumentException("amount_disagreements + amount_unchecked (" + amountDisagreements + " + "
                    + amountUnchecked + ") must not exceed transactions (" + transactions + ")");
        }
        if ((state == State.FAILED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is required exactly when the state is FAILED");
        }
    }

    /** Nothing read yet: the header is still to be checked. */
    public static IngestProgress start(
            String source, String objectId, String uri, long generation, String fingerprint, Instant now) {
        return new IngestProgress(
                source,
                objectId,
                uri,
                generation,
                fingerprint,
                State.IN_PROGRESS,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                now);
    }

    /** Whether the ingester is finished with this object version (ingested or dead-lettered). */
    public boolean finished() {
        return state != State.IN_PROGRESS;
    }
}
