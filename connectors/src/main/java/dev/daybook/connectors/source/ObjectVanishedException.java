package dev.daybook.connectors.source;

/**
 * The object version was deleted or overwritten before it was read to the end. A newer version, if
 * any, is a different {@link SourceObject} and is discovered on its own.
 */
public class ObjectVanishedException extends ObjectUnreadableException {

    public ObjectVanishedException(SourceObject object, Throwable cause) {
        super(object, "object version no longer exists (deleted or overwritten)", cause);
    }
}
