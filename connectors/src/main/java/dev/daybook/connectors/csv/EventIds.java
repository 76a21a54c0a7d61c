package dev.daybook.connectors.csv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code event_id} of a row: the first 128 bits of the SHA-256 of the row's bytes as stored,
 * without the line break, in lower-case hex. The same row always gets the same id, whichever object
 * or line it is found at, and whether the object uses LF or CRLF. Not thread-safe: one per decoder.
 */
final class EventIds {

    private static final HexFormat HEX = HexFormat.of();
    private static final int ID_BYTES = 16;

    private final MessageDigest digest;

    EventIds() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The id of the record {@code reader} is at. */
    String of(CsvRecordReader reader) {
        reader.digestRaw(digest);
        return HEX.formatHex(digest.digest(), 0, ID_BYTES);
    }
}
