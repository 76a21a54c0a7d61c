package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A place where Sequence event files land: a local directory or a GCS bucket prefix. The ingester
 * core works on this interface only, so every source gets the same exactly-once behaviour.
 */
public interface ObjectSource extends AutoCloseable {

    /** The URI this source was configured with, e.g. {@code gs://bucket/prefix}. */
    String uri();

    /** The objects present now that match the source's filter, in name order. */
    List<SourceObject> list() throws IOException;

    /**
     * The object's stored bytes (still compressed if {@link SourceObject#gzip()}) from byte
     * {@code offset} on, streamed: never read whole into memory.
     */
    InputStream open(SourceObject object, long offset) throws IOException;

    @Override
    default void close() throws IOException {}
}
