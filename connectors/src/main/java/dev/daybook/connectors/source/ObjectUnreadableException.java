package dev.daybook.connectors.source;

import java.io.IOException;

/**
 * This object version cannot be read and retrying will not help (it is gone, access is denied, the
 * request is invalid for it). The ingester dead-letters the object with {@link #getMessage()} as the
 * reason and goes on with the others. Transient trouble is a plain {@link IOException} instead.
 */
public class ObjectUnreadableException extends IOException {

    private final SourceObject object;

    public ObjectUnreadableException(SourceObject object, String reason, Throwable cause) {
        super(object.id() + ": " + reason, cause);
        this.object = object;
    }

    public SourceObject object() {
        return object;
    }
}
