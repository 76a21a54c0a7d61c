package dev.daybook.connectors.source.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import dev.daybook.connectors.source.IncludeFilter;
import dev.daybook.connectors.source.ObjectVanishedException;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.connectors.testing.FakeGcs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class GcsSourceTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static FakeGcs gcs;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<GcsSource> sources = new ArrayList<>();
    private String bucket;

    @BeforeAll
    static void startGcs() throws Exception {
        gcs = FakeGcs.start();
    }

    @AfterAll
    static void stopGcs() throws Exception {
        gcs.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "source-test-" + BUCKETS.incrementAndGet();
        gcs.createBucket(bucket);
    }

    @AfterEach
    void closeSources() throws IOException {
        for (GcsSource source : sources) {
            source.close();
        }
    }

    private GcsSource source(String prefix, int chunkSize, int pageSize) {
        GcsSettings options = gcs.settings();
        GcsSource source = new GcsSource(
                GcsClients.storage(options),
                GcsLocation.parse("gs://" + bucket + "/" + prefix),
                IncludeFilter.defaults(),
                chunkSize,
                pageSize,
                meters);
        sources.add(source);
        return source;
    }

    private GcsSource source(String prefix) {
        return source(prefix, 64 * 1024, GcsSource.DEFAULT_PAGE_SIZE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(GcsSource source, SourceObject object, long offset) throws IOException {
        try (InputStream in = source.open(object, offset)) {
            return in.readAllBytes();
        }
    }

    private static SourceObject only(List<SourceObject> objects) {
        assertThat(objects).hasSize(1);
        return objects.get(0);
    }

    @Test
    void listsTheObjectsUnderThePrefixThatMatchTheIncludeFilterPageByPage() throws IOException {
        BlobInfo a = gcs.put(bucket, "in/a.csv", bytes("a"));
        BlobInfo b = gcs.put(bucket, "in/b.csv.gz", gzip(bytes("b")));
        gcs.put(bucket, "in/c.txt", bytes("c"));
        gcs.put(bucket, "in/sub/", new byte[0]);
        BlobInfo d = gcs.put(bucket, "in/sub/d.csv", bytes("dd"));
        BlobInfo g = gcs.put(bucket, "in/g.csv", bytes("ggg"));
        BlobInfo h = gcs.put(bucket, "in/h.csv", bytes("hhhh"));
        gcs.put(bucket, "inbox.csv", bytes("not under in/"));
        gcs.put(bucket, "other/f.csv", bytes("not under in/"));

        List<SourceObject> listed = source("in/", 1024, 2).list();

        assertThat(listed)
                .extracting(SourceObject::uri)
                .containsExactly(
                        "gs://" + bucket + "/in/a.csv",
                        "gs://" + bucket + "/in/b.csv.gz",
                        "gs://" + bucket + "/in/g.csv",
                        "gs://" + bucket + "/in/h.csv",
                        "gs://" + bucket + "/in/sub/d.csv");
        assertThat(listed)
                .extracting(SourceObject::generation)
                .containsExactly(
                        a.getGeneration(), b.getGeneration(), g.getGeneration(), h.getGeneration(), d.getGeneration());
        assertThat(listed).extracting(SourceObject::size).containsExactly(1L, b.getSize(), 3L, 4L, 2L);
        assertThat(listed).extracting(SourceObject::gzip).containsExactly(false, true, false, false, false);
        assertThat(listed.get(0).fingerprint()).isEqualTo("crc32c:" + a.getCrc32c() + ";size:1");
        assertThat(listed.get(0).updated())
                .isEqualTo(a.getUpdateTimeOffsetDateTime().toInstant());
        assertThat(meters.get("daybook.gcs.list.pages").counter().count())
                .as("7 objects under in/ at 2 a page")
                .isEqualTo(4.0);
        assertThat(meters.get("daybook.gcs.objects.listed").counter().count()).isEqualTo(5.0);
    }

    @Test
    void readsExactlyTheRemainingBytesOfThatGenerationFromAnOffset() throws IOException {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        gcs.put(bucket, "in/a.csv", content);
        GcsSource source = source("in/", 256, GcsSource.DEFAULT_PAGE_SIZE);
        SourceObject object = only(source.list());

        assertThat(readAll(source, object, 337)).isEqualTo(Arrays.copyOfRange(content, 337, 1000));
        assertThat(readAll(source, object, 999)).containsExactly(content[999]);
        assertThat(readAll(source, object, 1000)).isEmpty();
        assertThat(meters.get("daybook.gcs.bytes.read").counter().count()).isEqualTo(663.0 + 1.0);
        assertThatThrownBy(() -> source.open(object, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheListedGenerationEvenAfterTheObjectIsOverwritten() throws IOException {
        String versioned = bucket + "-versioned";
        gcs.storage()
                .create(BucketInfo.newBuilder(versioned)
                        .setVersioningEnabled(true)
                        .build());
        gcs.put(versioned, "in/a.csv", bytes("first version"));
        GcsSource source = new GcsSource(
                GcsClients.storage(gcs.settings()),
                GcsLocation.parse("gs://" + versioned + "/in/"),
                IncludeFilter.defaults(),
                1024,
                10,
                meters);
        sources.add(source);
        SourceObject first = only(source.list());

        gcs.put(versioned, "in/a.csv", bytes("second version, longer"));

        assertThat(new String(readAll(source, first, 6), StandardCharsets.UTF_8))
                .isEqualTo("version");
        SourceObject second = only(source.list());
        assertThat(second.generation()).isNotEqualTo(first.generation());
        assertThat(new String(readAll(source, second, 7), StandardCharsets.UTF_8))
                .isEqualTo("version, longer");
    }

    @Test
    void gzipObjectsAreMarkedAndReadAsStoredWithoutTranscoding() throws IOException {
        byte[] csv = bytes("\"app\",\"ts\"\n\"seq-market\",\"2024-04-15 02:15:07.167\"\n".repeat(50));
        byte[] compressed = gzip(csv);
        gcs.put(bucket, "in/named.csv.gz", compressed);
        gcs.putGzipEncoded(bucket, "in/encoded.csv", compressed);
        gcs.put(bucket, "in/plain.csv", csv);
        GcsSource source = source("in/");

        List<SourceObject> listed = source.list();
        SourceObject encoded = listed.get(0);
        SourceObject named = listed.get(1);
        SourceObject plain = listed.get(2);

        assertThat(encoded.uri()).endsWith("/in/encoded.csv");
        assertThat(encoded.gzip()).isTrue();
        assertThat(encoded.size()).isEqualTo(compressed.length);
        assertThat(readAll(source, encoded, 0)).isEqualTo(compressed);
        assertThat(readAll(source, encoded, 10))
                .as("a ranged read of the stored bytes")
                .isEqualTo(Arrays.copyOfRange(compressed, 10, compressed.length));
        assertThat(gunzip(readAll(source, encoded, 0))).isEqualTo(csv);

        assertThat(named.gzip()).isTrue();
        assertThat(readAll(source, named, 0)).isEqualTo(compressed);

        assertThat(plain.gzip()).isFalse();
        assertThat(readAll(source, plain, 0)).isEqualTo(csv);
    }

    @Test
    void anOverwriteIsANewGenerationWhoseFingerprintTellsWhetherTheContentChanged() throws IOException {
        GcsSource source = source("in/");
        gcs.put(bucket, "in/a.csv", bytes("row 1\n"));
        SourceObject original = only(source.list());

        gcs.put(bucket, "in/a.csv", bytes("row 1\n"));
        SourceObject sameContent = only(source.list());

        gcs.put(bucket, "in/a.csv", bytes("row 2\n"));
        SourceObject newContent = only(source.list());

        assertThat(sameContent.generation()).isGreaterThan(original.generation());
        assertThat(sameContent.id()).isNotEqualTo(original.id());
        assertThat(sameContent.fingerprint()).isEqualTo(original.fingerprint());
        assertThat(newContent.generation()).isGreaterThan(sameContent.generation());
        assertThat(newContent.fingerprint()).isNotEqualTo(original.fingerprint());
        assertThat(newContent.id()).isEqualTo("gs://" + bucket + "/in/a.csv#" + newContent.generation());
    }

    @Test
    void readingADeletedObjectFailsWithObjectVanished() throws IOException {
        gcs.put(bucket, "in/a.csv", bytes("soon gone"));
        GcsSource source = source("in/");
        SourceObject object = only(source.list());
        gcs.delete(bucket, "in/a.csv");

        assertThatThrownBy(() -> readAll(source, object, 0))
                .isInstanceOfSatisfying(
                        ObjectVanishedException.class,
                        e -> assertThat(e.object()).isEqualTo(object))
                .hasMessageStartingWith(object.id() + ": ");
    }

    @Test
    void readingAGenerationThatWasOverwrittenInAnUnversionedBucketFailsWithObjectVanished() throws IOException {
        gcs.put(bucket, "in/a.csv", bytes("first"));
        GcsSource source = source("in/");
        SourceObject first = only(source.list());
        gcs.put(bucket, "in/a.csv", bytes("second"));

        assertThatThrownBy(() -> readAll(source, first, 2)).isInstanceOf(ObjectVanishedException.class);
        assertThat(readAll(source, only(source.list()), 0)).isEqualTo(bytes("second"));
    }

    @Test
    void findsANotifiedGenerationOnlyWhenItIsIncludedAndStillThere() throws IOException {
        BlobInfo a = gcs.put(bucket, "in/a.csv", bytes("a"));
        BlobInfo text = gcs.put(bucket, "in/notes.txt", bytes("n"));
        BlobInfo outside = gcs.put(bucket, "out/b.csv", bytes("b"));
        GcsSource source = source("in/");

        assertThat(source.find(bucket, "in/a.csv", a.getGeneration())).contains(only(source.list()));
        assertThat(source.find(bucket, "in/notes.txt", text.getGeneration())).isEmpty();
        assertThat(source.find(bucket, "out/b.csv", outside.getGeneration())).isEmpty();
        assertThat(source.find("another-bucket", "in/a.csv", a.getGeneration())).isEmpty();

        gcs.put(bucket, "in/a.csv", bytes("a2"));
        assertThat(source.find(bucket, "in/a.csv", a.getGeneration()))
                .as("overwritten")
                .isEmpty();
    }

    @Test
    void manyObjectsCanBeReadAtOnceFromSeveralThreads() throws Exception {
        int objects = 8;
        for (int i = 0; i < objects; i++) {
            byte[] content = new byte[200_000 + i];
            Arrays.fill(content, (byte) ('A' + i));
            gcs.put(bucket, "in/" + i + ".csv", content);
        }
        GcsSource source = source("in/", 16 * 1024, GcsSource.DEFAULT_PAGE_SIZE);
        List<SourceObject> listed = source.list();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (SourceObject object : listed) {
                reads.add(pool.submit(() -> readAll(source, object, 0)));
            }
            for (int i = 0; i < objects; i++) {
                byte[] read = reads.get(i).get();
                assertThat(read).hasSize(200_000 + i);
                byte expected = (byte) ('A' + i);
                assertThat(countOf(read, expected)).as("object %d", i).isEqualTo(read.length);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(meters.get("daybook.gcs.bytes.read").counter().count()).isEqualTo(8 * 200_000 + 28);
    }

    @Test
    void aLargeObjectIsStreamedThroughAChunkSizedBuffer() throws IOException {
        long size = 50L * 1024 * 1024;
        int chunkSize = 1024 * 1024;
        gcs.put(bucket, "in/large.csv", new PatternStream(size));
        GcsSource source = source("in/", chunkSize, GcsSource.DEFAULT_PAGE_SIZE);
        SourceObject object = only(source.list());
        assertThat(object.size()).isEqualTo(size);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = retainedHeap(memory);
        long mostRetained = 0;
        CRC32C crc = new CRC32C();
        long read = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = source.open(object, 0)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                crc.update(buffer, 0, n);
                long before = read;
                read += n;
                if (before / (8L * chunkSize) != read / (8L * chunkSize)) {
                    mostRetained = Math.max(mostRetained, retainedHeap(memory) - baseline);
                }
            }
        }

        assertThat(read).isEqualTo(size);
        assertThat(crc.getValue()).isEqualTo(PatternStream.crc32c(size));
        assertThat(mostRetained)
                .as("heap held while mid-object, beyond what was held before")
                .isLessThan(4L * chunkSize);
    }

    private static long retainedHeap(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long countOf(byte[] bytes, byte value) {
        long count = 0;
        for (byte b : bytes) {
            if (b == value) {
                count++;
            }
        }
        return count;
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** {@code size} bytes of a fixed, non-repeating-looking pattern, produced on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        static byte at(long position) {
            return (byte) ((position * 2654435761L) >>> 24);
        }

        static long crc32c(long size) throws IOException {
            CRC32C crc = new CRC32C();
            try (InputStream in = new PatternStream(size)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    crc.update(buffer, 0, n);
                }
            }
            return crc.getValue();
        }

        @Override
        public int read() {
            return position < size ? at(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = at(position++);
            }
            return n;
        }
    }
}
