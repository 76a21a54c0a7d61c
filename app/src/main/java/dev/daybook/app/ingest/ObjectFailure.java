package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.BadHeaderException;
import dev.daybook.connectors.source.ObjectTooLargeException;
import dev.daybook.connectors.source.ObjectUnreadableException;
import dev.daybook.connectors.source.ObjectVanishedException;
import dev.daybook.connectors.source.SourceObject;
import java.io.EOFException;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * Why an object version as a whole cannot be ingested, as its dead letter says it.
 *
 * @param reason  the {@code daybook.reason} code
 * @param value   the dead letter's value: the object's first bytes where they explain the failure, else empty
 * @param line    the line the failure was found on
 */
@SuppressWarnings(
        "ArrayRecordComponent") // value is passed on to the dead letter; failures are never compared with equals
record ObjectFailure(String reason, String message, byte[] value, long line) {

    static final String CORRUPT_GZIP = "corrupt_gzip";
    static final String OBJECT_VANISHED = "object_vanished";
    static final String OBJECT_UNREADABLE = "object_unreadable";
    static final String DECOMPRESSED_TOO_LARGE = "decompressed_too_large";

    private static final byte[] EMPTY = new byte[0];

    static ObjectFailure badHeader(BadHeaderException e, byte[] head) {
        return new ObjectFailure(BadHeaderException.REASON, e.getMessage(), head, 1);
    }

    /**
     * The failure for an error that retrying cannot cure, or empty for a transient one (a plain
     * {@link java.io.IOException}, e.g. a dropped connection, which is retried).
     *
     * @param line the line reading had reached
     */
    static Optional<ObjectFailure> permanent(Exception error, SourceObject object, long line) {
        if (error instanceof ObjectVanishedException) {
            return Optional.of(new ObjectFailure(OBJECT_VANISHED, error.getMessage(), EMPTY, line));
        }
        if (error instanceof ObjectTooLargeException) {
            return Optional.of(new ObjectFailure(
                    DECOMPRESSED_TOO_LARGE, error.getMessage() + "; stopped near line " + line, EMPTY, line));
        }
        if (error instanceof ObjectUnreadableException) {
            return Optional.of(new ObjectFailure(OBJECT_UNREADABLE, error.getMessage(), EMPTY, line));
        }
        if (object.gzip() && (error instanceof ZipException || error instanceof EOFException)) {
            return Optional.of(new ObjectFailure(
                    CORRUPT_GZIP,
                    "the gzip data is corrupt or truncated near line " + line + ": " + error.getMessage(),
                    EMPTY,
                    line));
        }
        if (error instanceof RuntimeException) {
            return Optional.of(new ObjectFailure(
                    OBJECT_UNREADABLE, "reading failed near line " + line + ": " + error, EMPTY, line));
        }
        return Optional.empty();
    }
}
