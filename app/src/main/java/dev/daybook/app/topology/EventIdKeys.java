package dev.daybook.app.topology;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.utils.Bytes;

/**
 * The 16 bytes deduplication stores an event id under: the id itself when it is 32 lowercase hex digits (the
 * ingester's ids are the first 128 bits of a SHA-256, written so), otherwise the first 16 bytes of the SHA-256 of
 * its UTF-16 code units (every string, even one that is not valid Unicode, has its own), so that an id from another producer is as unlikely to meet another as the ingester's are. Not
 * thread-safe: one per processor.
 */
final class EventIdKeys {

    static final int LENGTH = 16;

    private final MessageDigest sha256;

    EventIdKeys() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    Bytes of(String eventId) {
        if (isLowercaseHex128(eventId)) {
            return Bytes.wrap(HexFormat.of().parseHex(eventId));
        }
        ByteBuffer chars = ByteBuffer.allocate(Character.BYTES * eventId.length());
        chars.asCharBuffer().put(eventId);
        return Bytes.wrap(Arrays.copyOf(sha256.digest(chars.array()), LENGTH));
    }

    private static boolean isLowercaseHex128(String id) {
        if (id.length() != 2 * LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
