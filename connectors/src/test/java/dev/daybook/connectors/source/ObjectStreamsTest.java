package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ObjectStreamsTest {

    @Test
    void readsEveryMemberOfAConcatenatedGzipObjectFromAStreamThatReportsNothingAvailable() throws IOException {
        byte[] stored = concat(gzip("first member\n"), gzip("second member\n"), gzip("third\n"));
        SourceObject object = new SourceObject("gs://bucket/a.csv.gz", 1, stored.length, "f", Instant.EPOCH, true);

        try (InputStream in =
                ObjectStreams.openDecompressed(new NetworkLikeSource(stored), object, 0, Long.MAX_VALUE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("first member\nsecond member\nthird\n");
        }
        try (InputStream in =
                ObjectStreams.openDecompressed(new NetworkLikeSource(stored), object, 6, Long.MAX_VALUE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("member\nsecond member\nthird\n");
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Like an HTTP body arriving slowly: one byte per read, and {@code available()} is 0 even though
     * more bytes will come.
     */
    @SuppressWarnings("ArrayRecordComponent") // a test double, never compared
    private record NetworkLikeSource(byte[] stored) implements ObjectSource {

        @Override
        public String uri() {
            return "gs://bucket";
        }

        @Override
        public List<SourceObject> list() {
            return List.of();
        }

        @Override
        public InputStream open(SourceObject object, long offset) {
            return new ByteArrayInputStream(stored, (int) offset, stored.length - (int) offset) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1));
                }

                @Override
                public synchronized int available() {
                    return 0;
                }
            };
        }
    }
}
