package dev.daybook.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.daybook.connectors.csv.ReferenceCsvRules.Kind;
import dev.daybook.connectors.csv.ReferenceCsvRules.Rec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the reader and decoder against {@link ReferenceCsvRules}, the
 * documented rules written out plainly. The fuzzer also picks the record limit, the buffer size
 * and how many bytes each read returns, so buffer edges fall everywhere. Without
 * {@code JAZZER_FUZZ} set this replays the inputs in {@code CsvRecordReaderFuzzTestInputs} (test
 * resources); docs/input-format.md says how to fuzz.
 */
class CsvRecordReaderFuzzTest {

    private static final byte[] HEADER_LINE = (Rows.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    private static final int HEADER_FITS = 256;

    @FuzzTest(maxDuration = "45s")
    void readerAndDecoderFollowTheDocumentedRules(FuzzedDataProvider data) throws Exception {
        int limit = data.consumeInt(1, 80);
        int buffer = data.consumeInt(1, 40);
        int chunk = data.consumeInt(1, 50);
        byte[] object = data.consumeRemainingAsBytes();

        assertThat(records(new ChunkedInputStream(object, chunk), limit, buffer))
                .isEqualTo(ReferenceCsvRules.records(object, 0, 1, limit));

        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.writeBytes(HEADER_LINE);
        sequence.writeBytes(object);
        byte[] withHeader = sequence.toByteArray();
        int decoderLimit = HEADER_FITS + limit;
        List<Rec> expected = ReferenceCsvRules.records(withHeader, 0, 1, decoderLimit);
        assertThat(rowsDecoded(new ChunkedInputStream(withHeader, chunk), decoderLimit, buffer))
                .isEqualTo(expected.subList(1, expected.size()).stream()
                        .map(CsvRecordReaderFuzzTest::asRow)
                        .toList());
    }

    /** The records {@link CsvRecordReader} reads from {@code in}, in the reference's terms. */
    static List<Rec> records(InputStream in, int limit, int buffer) throws IOException {
        List<Rec> records = new ArrayList<>();
        try (CsvRecordReader reader = new CsvRecordReader(in, 0, 1, limit, buffer)) {
            while (reader.next()) {
                Kind kind =
                        reader.tooLong() ? Kind.TOO_LONG : reader.syntaxError() != null ? Kind.BAD_CSV : Kind.RECORD;
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < reader.fieldCount(); i++) {
                    fields.add(ReferenceCsvRules.hex(reader.values(), reader.valueStart(i), reader.valueEnd(i)));
                }
                byte[] raw = reader.raw();
                records.add(new Rec(
                        kind,
                        fields,
                        ReferenceCsvRules.hex(raw, 0, raw.length),
                        reader.line(),
                        reader.nextOffset(),
                        reader.nextLine()));
            }
        }
        return records;
    }

    /** What a row is for this comparison: its CSV verdict, where it is, and its bytes when it is broken. */
    private record Row(String verdict, String raw, long line, long nextOffset) {}

    private static Row asRow(Rec rec) {
        return switch (rec.kind()) {
            case RECORD -> new Row("row", "", rec.line(), rec.nextOffset());
            case BAD_CSV -> new Row(MalformedReason.BAD_CSV.code(), rec.raw(), rec.line(), rec.nextOffset());
            case TOO_LONG -> new Row(MalformedReason.ROW_TOO_LONG.code(), rec.raw(), rec.line(), rec.nextOffset());
        };
    }

    private static List<Row> rowsDecoded(InputStream in, int limit, int buffer) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (SequenceDecoder decoder = SequenceDecoder.open(
                CsvRecordReader.fromStart(in, limit, buffer), "file:///fuzz.csv", 0, TimestampRange.DEFAULT)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                if (d instanceof Decoded.Malformed m
                        && (m.reason() == MalformedReason.BAD_CSV || m.reason() == MalformedReason.ROW_TOO_LONG)) {
                    rows.add(new Row(
                            m.reason().code(),
                            ReferenceCsvRules.hex(m.raw(), 0, m.raw().length),
                            m.line(),
                            m.next().offset()));
                } else {
                    rows.add(new Row("row", "", d.line(), d.next().offset()));
                }
            }
        }
        return rows;
    }
}
