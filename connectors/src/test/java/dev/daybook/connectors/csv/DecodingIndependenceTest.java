package dev.daybook.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.ObjectStreams;
import dev.daybook.connectors.source.SourceObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Properties of the decoder over random hostile objects ({@link CsvSamples}): what it returns
 * depends only on the object's bytes, never on how they arrive: read chunking, buffer size, the
 * position decoding resumed at, or how the object was split into gzip members. And the records
 * the reader finds are exactly those of the documented rules ({@link ReferenceCsvRules}).
 * Each test draws its objects from a fixed seed, named in a failure's description.
 */
class DecodingIndependenceTest {

    private static final String URI = "file:///data/a.csv";
    private static final int OBJECTS = 100;
    /** The header (about 200 bytes) fits every limit here; the good rows (about 470) only the larger two. */
    private static final int[] LIMITS = {256, 600, CsvRecordReader.DEFAULT_MAX_RECORD_BYTES};

    private static final int[] BUFFERS = {1, 2, 5, 16, 255, 1024, CsvRecordReader.DEFAULT_BUFFER_BYTES};
    private static final int[] CHUNKS = {1, 2, 3, 7, 64, 509, Integer.MAX_VALUE};

    @Test
    void rowsDoNotDependOnBufferSizeOrReadChunking() throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < OBJECTS; i++) {
            byte[] object = CsvSamples.sequenceObject(random, 1 + random.nextInt(12), 300);
            for (int limit : LIMITS) {
                List<String> expected =
                        decode(new ByteArrayInputStream(object), limit, CsvRecordReader.DEFAULT_BUFFER_BYTES);
                for (int k = 0; k < 4; k++) {
                    int buffer = k == 0 ? 1 : pick(random, BUFFERS);
                    int[] chunks = k == 0 ? new int[] {1} : chunks(random);
                    assertThat(decode(new ChunkedInputStream(object, chunks), limit, buffer))
                            .as(
                                    "object %s, limit %d, buffer %d, chunks %s",
                                    hex(object), limit, buffer, Arrays.toString(chunks))
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void resumingAtAnyReportedPositionGivesTheRowsThatFollowIt() throws Exception {
        Random random = new Random(2);
        for (int i = 0; i < OBJECTS; i++) {
            byte[] object = CsvSamples.sequenceObject(random, 1 + random.nextInt(12), 300);
            int limit = pick(random, LIMITS);
            List<Position> positions = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            try (SequenceDecoder decoder = SequenceDecoder.open(
                    CsvRecordReader.fromStart(
                            new ByteArrayInputStream(object), limit, CsvRecordReader.DEFAULT_BUFFER_BYTES),
                    URI,
                    7,
                    TimestampRange.DEFAULT)) {
                positions.add(decoder.position());
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    rows.add(describe(d));
                    positions.add(d.next());
                }
            }
            for (int at = 0; at < positions.size(); at++) {
                Position position = positions.get(at);
                byte[] rest = Arrays.copyOfRange(object, (int) position.offset(), object.length);
                int buffer = pick(random, BUFFERS);
                CsvRecordReader reader = new CsvRecordReader(
                        new ChunkedInputStream(rest, chunks(random)),
                        position.offset(),
                        position.line(),
                        limit,
                        buffer);
                assertThat(drain(SequenceDecoder.resume(reader, URI, 7, TimestampRange.DEFAULT)))
                        .as("object %s, limit %d, buffer %d, resumed at %s", hex(object), limit, buffer, position)
                        .isEqualTo(rows.subList(at, rows.size()));
            }
        }
    }

    @Test
    void gzipInOneMemberOrManyGivesTheSameRowsFromTheStartOrAnOffset() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < OBJECTS / 2; i++) {
            byte[] object = CsvSamples.sequenceObject(random, 1 + random.nextInt(12), 300);
            List<Decoded> plain = decodeAll(object);
            for (byte[] stored : List.of(gzip(object), gzipInMembers(object, random))) {
                SourceObject gz = new SourceObject(URI, 7, stored.length, "f", Instant.EPOCH, true);
                ObjectSource source = new ChunkedSource(stored, chunks(random));
                assertThat(decode(
                                ObjectStreams.openDecompressed(source, gz, 0, Long.MAX_VALUE),
                                CsvRecordReader.DEFAULT_MAX_RECORD_BYTES,
                                CsvRecordReader.DEFAULT_BUFFER_BYTES))
                        .as("object %s", hex(object))
                        .isEqualTo(plain.stream()
                                .map(DecodingIndependenceTest::describe)
                                .toList());
                for (int at = 0; at < plain.size(); at++) {
                    Position position = plain.get(at).next();
                    InputStream rest = ObjectStreams.openDecompressed(source, gz, position.offset(), Long.MAX_VALUE);
                    assertThat(drain(SequenceDecoder.resume(rest, URI, 7, position)))
                            .as("object %s resumed at %s", hex(object), position)
                            .isEqualTo(plain.subList(at + 1, plain.size()).stream()
                                    .map(DecodingIndependenceTest::describe)
                                    .toList());
                }
            }
        }
    }

    @Test
    void theReaderFindsTheRecordsOfTheDocumentedRules() throws Exception {
        Random random = new Random(4);
        for (int i = 0; i < 4 * OBJECTS; i++) {
            byte[] object = CsvSamples.lines(random, 1 + random.nextInt(10), 40);
            int limit = 1 + random.nextInt(i % 2 == 0 ? 64 : 600);
            int buffer = pick(random, BUFFERS);
            int[] chunks = chunks(random);
            assertThat(CsvRecordReaderFuzzTest.records(new ChunkedInputStream(object, chunks), limit, buffer))
                    .as(
                            "object %s, limit %d, buffer %d, chunks %s",
                            hex(object), limit, buffer, Arrays.toString(chunks))
                    .isEqualTo(ReferenceCsvRules.records(object, 0, 1, limit));
        }
    }

    private static List<String> decode(InputStream in, int limit, int buffer) throws IOException, BadHeaderException {
        return drain(
                SequenceDecoder.open(CsvRecordReader.fromStart(in, limit, buffer), URI, 7, TimestampRange.DEFAULT));
    }

    private static List<String> drain(SequenceDecoder decoder) throws IOException {
        List<String> rows = new ArrayList<>();
        try (decoder) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                rows.add(describe(d));
            }
        }
        return rows;
    }

    private static List<Decoded> decodeAll(byte[] object) throws IOException, BadHeaderException {
        return SequenceDecoderTest.decode(object);
    }

    /** Everything a row decodes to, raw bytes included, as one comparable string. */
    private static String describe(Decoded decoded) {
        if (decoded instanceof Decoded.Malformed malformed) {
            return "Malformed[" + malformed.reason().code() + ", " + malformed.message() + ", raw="
                    + hex(malformed.raw()) + ", line=" + malformed.line() + ", next=" + malformed.next() + "]";
        }
        return decoded.toString();
    }

    private static int[] chunks(Random random) {
        if (random.nextBoolean()) {
            return new int[] {pick(random, CHUNKS)};
        }
        int[] schedule = new int[1 + random.nextInt(8)];
        for (int i = 0; i < schedule.length; i++) {
            schedule[i] = 1 + random.nextInt(random.nextBoolean() ? 8 : 4096);
        }
        return schedule;
    }

    private static int pick(Random random, int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] gzip(byte[] bytes) {
        return gzip(bytes, 0, bytes.length);
    }

    private static byte[] gzip(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes, from, to - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The bytes as several gzip members one after the other, split at random places (empty members too). */
    private static byte[] gzipInMembers(byte[] bytes, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        while (from < bytes.length) {
            int to = Math.min(bytes.length, from + random.nextInt(200));
            out.writeBytes(gzip(bytes, from, to));
            from = to;
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** An object store that delivers the stored bytes in chunks, as a network stream does. */
    @SuppressWarnings("ArrayRecordComponent") // a test double, never compared
    private record ChunkedSource(byte[] stored, int[] chunks) implements ObjectSource {

        @Override
        public String uri() {
            return URI;
        }

        @Override
        public List<SourceObject> list() {
            return List.of();
        }

        @Override
        public InputStream open(SourceObject object, long offset) {
            return new ChunkedInputStream(Arrays.copyOfRange(stored, (int) offset, stored.length), chunks);
        }
    }
}
