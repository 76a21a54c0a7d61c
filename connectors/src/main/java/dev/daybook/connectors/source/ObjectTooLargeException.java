package dev.daybook.connectors.source;

import java.io.IOException;

/**
 * A gzip object decompresses to more bytes than the configured cap (a gzip bomb, or a file far larger
 * than expected). Reading it again would end the same way: the ingester dead-letters the object as
 * {@code decompressed_too_large} and keeps the rows read before the cap.
 */
public class ObjectTooLargeException extends IOException {

    public ObjectTooLargeException(SourceObject object, long maxBytes) {
        super(object.id() + ": decompresses to more than " + maxBytes + " bytes (" + object.size()
                + " bytes stored), the cap set by --max-decompressed-bytes");
    }
}
