package dev.daybook.connectors.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/** Opens an object's decompressed bytes, which is what the Sequence decoder reads. */
public final class ObjectStreams {

    private static final int GZIP_BUFFER = 64 * 1024;

    private ObjectStreams() {}

    /**
     * The object's decompressed bytes from decompressed byte {@code offset} on. A plain object is
     * opened at the offset (a ranged read); a gzip object has no random access, so it is
     * decompressed from its start and the first {@code offset} bytes are skipped.
     *
     * @param maxDecompressedBytes how many bytes a gzip object may decompress to, counted from its
     *                             start; reading beyond throws {@link ObjectTooLargeException}
     * @throws java.io.EOFException if the object is shorter than {@code offset}
     */
    public static InputStream openDecompressed(
            ObjectSource source, SourceObject object, long offset, long maxDecompressedBytes) throws IOException {
        if (!object.gzip()) {
            return source.open(object, offset);
        }
        InputStream stored = source.open(object, 0);
        try {
            InputStream in = new Capped(
                    new GZIPInputStream(new AvailableUntilEnd(stored), GZIP_BUFFER), object, maxDecompressedBytes);
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

    /** Fails as soon as more than {@code max} bytes have been read: it reads at most one byte beyond. */
    private static final class Capped extends FilterInputStream {
        private final SourceObject object;
        private final long max;
        private long read;

        Capped(InputStream in, SourceObject object, long max) {
            super(in);
            this.object = object;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len <= max - read ? len : (int) (max - read) + 1);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n <= max - read ? n : max - read + 1);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws ObjectTooLargeException {
            read += n;
            if (read > max) {
                throw new ObjectTooLargeException(object, max);
            }
        }
    }
}
