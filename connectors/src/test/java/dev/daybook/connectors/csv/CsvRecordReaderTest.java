package dev.daybook.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    /** A record as read: its fields, first line, and where the next record starts. */
    record Read(List<String> fields, long line, long nextOffset, long nextLine, String error, boolean tooLong) {}

    @Test
    void splitsQuotedAndUnquotedFields() throws IOException {
        List<Read> records = readAll("\"a\",\"b,c\",\"say \"\"hi\"\"\",,plain,\"\"\n");

        assertThat(records)
                .singleElement()
                .extracting(Read::fields)
                .isEqualTo(List.of("a", "b,c", "say \"hi\"", "", "plain", ""));
    }

    @Test
    void tracksLinesAndByteOffsetsAcrossCrLfEmbeddedLineBreaksAndMultiByteCharacters() throws IOException {
        String content = "\"é\",\"x\"\r\n\"multi\r\nline\nfield\",\"€\"\r\n\"last\"";
        List<Read> records = readAll(content);

        assertThat(records)
                .extracting(Read::fields)
                .containsExactly(List.of("é", "x"), List.of("multi\r\nline\nfield", "€"), List.of("last"));
        assertThat(records).extracting(Read::line).containsExactly(1L, 2L, 5L);
        assertThat(records)
                .extracting(Read::nextOffset)
                .containsExactly(
                        (long) bytes("\"é\",\"x\"\r\n").length,
                        (long) bytes("\"é\",\"x\"\r\n\"multi\r\nline\nfield\",\"€\"\r\n").length,
                        (long) bytes(content).length);
    }

    @Test
    void givesTheSameRecordsWhenTheStreamDeliversOneByteAtATime() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            content.append("\"row ")
                    .append(i)
                    .append("\",\"with \"\"quotes\"\" and\nbreak\",plain")
                    .append(i)
                    .append("\r\n");
        }
        List<Read> whole =
                readAll(new ByteArrayInputStream(bytes(content.toString())), CsvRecordReader.DEFAULT_MAX_RECORD_BYTES);
        List<Read> trickled =
                readAll(new OneByteAtATime(bytes(content.toString())), CsvRecordReader.DEFAULT_MAX_RECORD_BYTES);

        assertThat(trickled).hasSize(300).isEqualTo(whole);
        assertThat(whole.get(299))
                .isEqualTo(new Read(
                        List.of("row 299", "with \"quotes\" and\nbreak", "plain299"),
                        1 + 2 * 299,
                        bytes(content.toString()).length,
                        601,
                        null,
                        false));
    }

    @Test
    void aReadThatFailsIsReportedAfterTheRecordsWhollyReadBeforeIt() throws IOException {
        byte[] good = bytes("\"a\"\n\"b\"\n\"c");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(good), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("refused");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("refused");
            }
        });
        CsvRecordReader reader = new CsvRecordReader(failing, 0, 1);

        assertThat(reader.next()).isTrue();
        assertThat(reader.field(0)).isEqualTo("a");
        assertThat(reader.next()).isTrue();
        assertThat(reader.field(0)).isEqualTo("b");
        assertThat(reader.nextOffset())
                .as("a resume starts behind the last whole record")
                .isEqualTo(8);
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessage("refused");
    }

    @Test
    void readsRecordsLargerThanItsInitialBuffer() throws IOException {
        String big = "x".repeat(300_000);
        List<Read> records = readAll("\"a\"\n\"" + big + "\",\"b\"\n\"c\"\n");

        assertThat(records).extracting(Read::fields).containsExactly(List.of("a"), List.of(big, "b"), List.of("c"));
    }

    @Test
    void aFirstLineOverTheLimitIsTooLongKeepsItsStartAndEndsWithThatLine() throws IOException {
        String big = "y".repeat(200_000);
        String content = "\"a\"\n\"" + big + "\nstill the same field\"\n\"c\"\n";
        List<Read> records = readAll(new ByteArrayInputStream(bytes(content)), 1000);

        assertThat(records).hasSize(4);
        assertThat(records.get(1)).isEqualTo(new Read(List.of(), 2, 4 + 1 + big.length() + 1, 3, null, true));
        assertThat(records.get(2))
                .isEqualTo(new Read(List.of(), 3, content.length() - 4, 4, "quote inside unquoted field 1", false));
        assertThat(records.get(3)).isEqualTo(new Read(List.of("c"), 4, content.length(), 5, null, false));
    }

    @Test
    void aRecordOfExactlyTheLimitIsKeptAndOneByteMoreIsTooLongWithOrWithoutALastLineBreak() throws IOException {
        for (String end : List.of("", "\n")) {
            assertThat(readAll(new ByteArrayInputStream(bytes("\"" + "x".repeat(8) + "\"" + end)), 10))
                    .singleElement()
                    .extracting(Read::tooLong)
                    .isEqualTo(false);
            assertThat(readAll(new ByteArrayInputStream(bytes("\"" + "x".repeat(9) + "\"" + end)), 10))
                    .singleElement()
                    .extracting(Read::tooLong)
                    .isEqualTo(true);
            assertThat(readAll(new OneByteAtATime(bytes("\"" + "x".repeat(9) + "\"" + end)), 10))
                    .singleElement()
                    .extracting(Read::tooLong)
                    .isEqualTo(true);
        }
    }

    @Test
    void aRecordOverSeveralLinesLongerThanTheLimitIsASyntaxErrorThatEndsWithItsFirstLine() throws IOException {
        String content = "\"a\",\"opened\n" + "x\n".repeat(20) + "\"b\"\n";
        List<Read> records = readAll(new ByteArrayInputStream(bytes(content)), 16);

        assertThat(records).hasSize(22);
        assertThat(records.get(0).error())
                .isEqualTo("the row runs over several lines and is longer than 16 bytes (is a quote never closed?)");
        assertThat(records.get(0).nextLine()).isEqualTo(2);
        assertThat(records.subList(1, 21)).extracting(Read::fields).containsOnly(List.of("x"));
        assertThat(records.get(21).fields()).containsExactly("b");
    }

    @Test
    void aRecordBrokenOnALaterLineEndsWithItsFirstLine() throws IOException {
        List<Read> records = readAll("\"a\",\"two\nlines\"x\n\"b\"\n");

        assertThat(records)
                .extracting(Read::error)
                .containsExactly(
                        "unexpected character after the closing quote of field 2",
                        "quote inside unquoted field 1",
                        null);
        assertThat(records).extracting(Read::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theRawBytesOfABrokenRecordAreItsFirstLine() throws IOException {
        try (CsvRecordReader reader =
                new CsvRecordReader(new ByteArrayInputStream(bytes("\"a\"b,\"open\r\nmore\n")), 0, 1)) {
            assertThat(reader.next()).isTrue();
            assertThat(new String(reader.raw(), StandardCharsets.UTF_8)).isEqualTo("\"a\"b,\"open");
            assertThat(reader.nextOffset()).isEqualTo(12);
        }
    }

    @Test
    void aStrayQuoteSpoilsOnlyItsOwnLine() throws IOException {
        List<Read> records = readAll("\"a\"b,\"c\"\n\"d\",\"e\"\nx\"y,z\n\"f\"\n");

        assertThat(records)
                .extracting(Read::error)
                .containsExactly(
                        "unexpected character after the closing quote of field 1",
                        null,
                        "quote inside unquoted field 1",
                        null);
        assertThat(records).extracting(Read::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(1).fields()).containsExactly("d", "e");
        assertThat(records.get(3).fields()).containsExactly("f");
    }

    @Test
    void rawBytesAreTheRecordAsStoredWithoutTheLineBreak() throws IOException {
        try (CsvRecordReader reader =
                new CsvRecordReader(new ByteArrayInputStream(bytes("\"a \"\"q\"\"\",b\r\n")), 0, 1)) {
            assertThat(reader.next()).isTrue();
            assertThat(new String(reader.raw(), StandardCharsets.UTF_8)).isEqualTo("\"a \"\"q\"\"\",b");
        }
    }

    @Test
    void startsAtAGivenOffsetAndLine() throws IOException {
        try (CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(bytes("\"a\"\n")), 1000, 40)) {
            assertThat(reader.nextOffset()).isEqualTo(1000);
            assertThat(reader.next()).isTrue();
            assertThat(reader.line()).isEqualTo(40);
            assertThat(reader.nextOffset()).isEqualTo(1004);
            assertThat(reader.nextLine()).isEqualTo(41);
            assertThat(reader.next()).isFalse();
        }
    }

    private static List<Read> readAll(String content) throws IOException {
        return readAll(new ByteArrayInputStream(bytes(content)), CsvRecordReader.DEFAULT_MAX_RECORD_BYTES);
    }

    private static List<Read> readAll(InputStream in, int maxRecordBytes) throws IOException {
        List<Read> records = new ArrayList<>();
        try (CsvRecordReader reader =
                new CsvRecordReader(in, 0, 1, maxRecordBytes, CsvRecordReader.DEFAULT_BUFFER_BYTES)) {
            while (reader.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < reader.fieldCount(); i++) {
                    fields.add(reader.field(i));
                }
                records.add(new Read(
                        fields,
                        reader.line(),
                        reader.nextOffset(),
                        reader.nextLine(),
                        reader.syntaxError(),
                        reader.tooLong()));
            }
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A stream that never returns more than one byte per read, like a slow network. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int next;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (next == bytes.length) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            b[off] = bytes[next++];
            return 1;
        }
    }
}
