package dev.daybook.app.ingest;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Keeps a copy of the first bytes read through it: the value of a bad-header dead letter. */
final class HeadCapture extends FilterInputStream {

    static final int HEAD_BYTES = 4096;

    private final ByteArrayOutputStream head = new ByteArrayOutputStream(HEAD_BYTES);

    HeadCapture(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && head.size() < HEAD_BYTES) {
            head.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0 && head.size() < HEAD_BYTES) {
            head.write(buffer, offset, Math.min(n, HEAD_BYTES - head.size()));
        }
        return n;
    }

    /** Up to the first {@link #HEAD_BYTES} bytes read. */
    byte[] head() {
        return head.toByteArray();
    }
}
