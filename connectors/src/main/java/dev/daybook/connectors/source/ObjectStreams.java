package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens an object's decompressed bytes, which is what the Sequence decoder reads. */
public final class ObjectStreams {

    private static final int GZIP_BUFFER = 64 * 1024;

    private ObjectStreams() {
    }

    /**
     * The object's decompressed bytes from decompressed byte {@code offset} on. A plain object is
     * opened at the offset (a ranged read); a gzip object has no random access, so it is
     * decompressed from its start and the first {@code offset} bytes are skipped.
     *
     * @throws java.io.EOFException if the object is shorter than {@code offset}
     */
    public static InputStream openDecompressed(ObjectSource source, SourceObject object, long offset) throws IOException {
        if (!object.gzip()) {
            return source.open(object, offset);
        }
        InputStream stored = source.open(object, 0);
        try {
            InputStream in = new GZIPInputStream(stored, GZIP_BUFFER);
            in.skipNBytes(offset);
            return in;
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }
}
