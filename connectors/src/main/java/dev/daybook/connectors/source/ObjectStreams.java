package dev.daybook.connectors.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
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
            InputStream in = new GZIPInputStream(new AvailableUntilEnd(stored), GZIP_BUFFER);
            in.skipNBytes(offset);
            return in;
        } catch (IOException | RuntimeException e) {
            stored.close();
            throw e;
        }
    }

    /**
     * A stream whose {@link #available()} is above zero until the stream has ended, waiting for the
     * next byte if need be. {@link GZIPInputStream} (before Java 23) reads the member after the
     * current one only if its input reports bytes available, and a network stream between two reads
     * reports none: the rest of a concatenated gzip object would be dropped without an error.
     */
    private static final class AvailableUntilEnd extends PushbackInputStream {

        AvailableUntilEnd(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int available = super.available();
            if (available > 0) {
                return available;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}
