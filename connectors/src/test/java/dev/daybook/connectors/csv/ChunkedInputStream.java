package dev.daybook.connectors.csv;

import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream over bytes that returns at most the next size of a repeating schedule per read, and
 * reports nothing {@link #available()}, like a slow network.
 */
final class ChunkedInputStream extends InputStream {

    private final byte[] bytes;
    private final int[] sizes;
    private int next;
    private int read;

    ChunkedInputStream(byte[] bytes, int... sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("chunk sizes must be >= 1: " + Arrays.toString(sizes));
        }
        this.bytes = bytes;
        this.sizes = sizes;
    }

    @Override
    public int read() {
        return next < bytes.length ? bytes[next++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (next == bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, bytes.length - next), sizes[read++ % sizes.length]);
        System.arraycopy(bytes, next, b, off, n);
        next += n;
        return n;
    }
}
