package dev.daybook.connectors.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A streaming RFC 4180 reader over bytes that knows where every record starts and ends in the
 * stream. It works on bytes, not characters: the bytes that structure CSV ({@code " , CR LF}) never
 * occur inside a multi-byte UTF-8 character, so byte offsets stay exact and nothing is decoded
 * that the caller does not ask for.
 *
 * <p>Records end at an LF outside quotes; a CR right before it is dropped. Quoted fields may hold
 * commas, {@code ""} escapes and line breaks. Unquoted fields are accepted too. Blank lines are
 * skipped (they still count as lines). What a record is depends only on its bytes and on where the
 * stream ends, never on how the stream delivers them, so resuming at any reported position gives
 * the same records as reading from the start:
 * <ul>
 *   <li>a record that breaks the quoting rules is {@link #syntaxError()} and ends at the end of its
 *       first physical line; the next line is read as a new record;
 *   <li>a record whose first line is longer than {@code maxRecordBytes} is {@link #tooLong()}: its
 *       first {@code maxRecordBytes} bytes are kept and it ends at the end of that line;
 *   <li>a record over several lines that is not complete within {@code maxRecordBytes} is a
 *       syntax error and ends at the end of its first physical line.
 * </ul>
 * docs/input-format.md states these rules for users.
 *
 * <p>Not thread-safe. The accessors describe the record returned by the last {@link #next()}.
 */
public final class CsvRecordReader implements Closeable {

    /** Longest record kept in memory by default. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    private static final int INCOMPLETE = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte QUOTE = '"';
    private static final byte COMMA = ',';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxRecordBytes;
    private final int maxBufferBytes;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[limit]}: the first byte not read yet. */
    private long offsetAtLimit;

    private boolean eof;
    /** A read that failed after some bytes arrived, thrown by the next {@link #fill()}. */
    private IOException readFailure;

    private long line;
    private long nextLine;
    private int recStart;
    private int recEnd;
    private boolean tooLong;
    private String syntaxError;
    private long quotedLineFeeds;
    private int fieldCount;
    private byte[] values = new byte[4096];
    private int[] valueStart = new int[32];
    private int[] valueEnd = new int[32];

    /**
     * @param in        the stream, positioned at the start of a record
     * @param offset    the stream offset {@code in} is positioned at (0 for a whole object)
     * @param firstLine the 1-based line number of the first record {@code in} holds
     */
    public CsvRecordReader(InputStream in, long offset, long firstLine) {
        this(in, offset, firstLine, DEFAULT_MAX_RECORD_BYTES, DEFAULT_BUFFER_BYTES);
    }

    /**
     * @param maxRecordBytes the longest record kept in memory
     * @param bufferBytes    the initial buffer size, which is also how much is read at a time; the
     *                       buffer grows up to {@code maxRecordBytes + bufferBytes} for long records
     */
    CsvRecordReader(InputStream in, long offset, long firstLine, int maxRecordBytes, int bufferBytes) {
        if (offset < 0
                || firstLine < 1
                || maxRecordBytes < 1
                || bufferBytes < 1
                || (long) maxRecordBytes + bufferBytes > Integer.MAX_VALUE - Long.BYTES) {
            throw new IllegalArgumentException(
                    "offset >= 0, firstLine >= 1, maxRecordBytes >= 1 and bufferBytes >= 1 required,"
                            + " and maxRecordBytes + bufferBytes must fit in an array");
        }
        this.in = in;
        this.offsetAtLimit = offset;
        this.nextLine = firstLine;
        this.maxRecordBytes = maxRecordBytes;
        this.maxBufferBytes = maxRecordBytes + bufferBytes;
        this.buf = new byte[bufferBytes];
    }

    /**
     * A reader of a whole stream from its first byte, skipping a UTF-8 byte order mark if there is one
     * (offsets still count it).
     */
    public static CsvRecordReader fromStart(InputStream in) throws IOException {
        return fromStart(in, DEFAULT_MAX_RECORD_BYTES, DEFAULT_BUFFER_BYTES);
    }

    static CsvRecordReader fromStart(InputStream in, int maxRecordBytes, int bufferBytes) throws IOException {
        PushbackInputStream stream = new PushbackInputStream(in, UTF8_BOM.length);
        byte[] start = stream.readNBytes(UTF8_BOM.length);
        if (Arrays.equals(start, UTF8_BOM)) {
            return new CsvRecordReader(stream, UTF8_BOM.length, 1, maxRecordBytes, bufferBytes);
        }
        stream.unread(start);
        return new CsvRecordReader(stream, 0, 1, maxRecordBytes, bufferBytes);
    }

    /** Reads the next record; false at the end of the stream. */
    public boolean next() throws IOException {
        while (true) {
            recStart = pos;
            if (pos == limit && !fill()) {
                return false;
            }
            line = nextLine;
            recStart = pos;
            readRecord();
            if (recEnd > recStart || tooLong || syntaxError != null) {
                return true;
            }
        }
    }

    /**
     * Decides the record at {@code recStart} from its first {@code maxRecordBytes + 1} bytes (or
     * fewer where it ends sooner), reading more until they are in the buffer. The fast path is the
     * first {@link #splitFields} over bytes already read; the same split runs again after a read.
     */
    private void readRecord() throws IOException {
        while (true) {
            int windowEnd = recStart + maxRecordBytes + 1;
            int available = Math.min(limit, windowEnd);
            boolean endsAtEof = eof && limit < windowEnd;
            tooLong = false;
            syntaxError = null;
            int end = splitFields(available, endsAtEof);
            if (end != INCOMPLETE && syntaxError == null) {
                endRecord(end, line + quotedLineFeeds + 1);
                return;
            }
            if (end != INCOMPLETE || available == windowEnd) {
                int lineFeed = indexOf(LF, recStart, available);
                if (lineFeed >= 0 || endsAtEof) {
                    if (syntaxError == null) {
                        syntaxError = "the row runs over several lines and is longer than " + maxRecordBytes
                                + " bytes (is a quote never closed?)";
                    }
                    fieldCount = 0;
                    endRecord(lineFeed >= 0 ? lineFeed : limit, line + 1);
                    return;
                }
                if (available == windowEnd) {
                    skipTooLongLine();
                    return;
                }
            }
            fill();
        }
    }

    /**
     * The record's first line is longer than the limit: keeps its first {@code maxRecordBytes}
     * bytes and reads on to the end of the line without keeping the rest.
     */
    private void skipTooLongLine() throws IOException {
        tooLong = true;
        syntaxError = null;
        fieldCount = 0;
        moveRecordToFront();
        int kept = maxRecordBytes;
        int from = kept;
        while (true) {
            int lineFeed = indexOf(LF, from, limit);
            if (lineFeed >= 0) {
                recEnd = kept;
                pos = lineFeed + 1;
                nextLine = line + 1;
                return;
            }
            // Dropping what was searched; offsetAtLimit still counts it, so offsets stay exact.
            limit = kept;
            from = kept;
            if (!readMore()) {
                recEnd = kept;
                pos = limit;
                nextLine = line + 1;
                return;
            }
        }
    }

    private int indexOf(byte value, int from, int to) {
        for (int p = from; p < to; p++) {
            if (buf[p] == value) {
                return p;
            }
        }
        return -1;
    }

    /**
     * The record ends at the LF at {@code end}, or at the end of the stream if {@code end} is
     * {@code limit}; a CR right before either is not part of it.
     */
    private void endRecord(int end, long nextRecordLine) {
        recEnd = end > recStart && buf[end - 1] == CR ? end - 1 : end;
        pos = end == limit ? limit : end + 1;
        nextLine = nextRecordLine;
    }

    /**
     * Makes more bytes available after {@code limit}, keeping those from {@code recStart} on: moves
     * them to the front of the buffer, or grows it when they fill it. False at the end of the stream.
     */
    private boolean fill() throws IOException {
        if (readFailure != null) {
            IOException failure = readFailure;
            readFailure = null;
            throw failure;
        }
        if (eof) {
            return false;
        }
        if (limit == buf.length) {
            if (recStart > 0) {
                moveRecordToFront();
            } else {
                buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, maxBufferBytes));
            }
        }
        return readMore();
    }

    private void moveRecordToFront() {
        int kept = limit - recStart;
        System.arraycopy(buf, recStart, buf, 0, kept);
        pos -= recStart;
        recStart = 0;
        limit = kept;
    }

    /**
     * Reads until the buffer is full or the stream ends, so that how the stream splits its bytes
     * does not change how often a record is split again. False if nothing more could be read. A read
     * that fails after some bytes arrived is reported by the next fill, so that the records wholly
     * read before the failure are still returned (and a resume after it starts behind them).
     */
    private boolean readMore() throws IOException {
        int before = limit;
        while (!eof && limit < buf.length) {
            int n;
            try {
                n = in.read(buf, limit, buf.length - limit);
            } catch (IOException e) {
                if (limit == before) {
                    throw e;
                }
                readFailure = e;
                return true;
            }
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                offsetAtLimit += n;
            }
        }
        return limit > before;
    }

    /**
     * Splits the record starting at {@code recStart} into fields, copying their unescaped values one
     * after the other into {@code values} (eight bytes at a time; the copy stops at quotes and line
     * feeds), and counting the line feeds inside quoted fields.
     *
     * @param end       where to stop: the end of the bytes read, or of the bytes the record may take
     * @param endsAtEof whether the stream ends at {@code end}
     * @return the index of the LF that ends the record, or {@code end} if the stream's end does; or
     *         the index of the first syntax error ({@link #syntaxError} set); or {@link #INCOMPLETE}
     *         if {@code end} came before the record's end
     */
    private int splitFields(int end, boolean endsAtEof) {
        byte[] b = buf;
        if (values.length < end - recStart + Long.BYTES) {
            values = new byte[Math.max(end - recStart + Long.BYTES, values.length * 2)];
        }
        byte[] out = values;
        int n = 0;
        int p = recStart;
        fieldCount = 0;
        quotedLineFeeds = 0;
        while (true) {
            int valueStart = n;
            if (p < end && b[p] == QUOTE) {
                p++;
                while (true) {
                    if (p <= end - Long.BYTES) {
                        long word = (long) LONGS.get(b, p);
                        LONGS.set(out, n, word);
                        long stops = Swar.bytesEqual(word, Swar.QUOTES) | Swar.bytesEqual(word, Swar.LINE_FEEDS);
                        if (stops == 0) {
                            p += Long.BYTES;
                            n += Long.BYTES;
                            continue;
                        }
                        int skipped = Long.numberOfTrailingZeros(stops) >>> 3;
                        p += skipped;
                        n += skipped;
                    } else if (p < end && b[p] != QUOTE && b[p] != LF) {
                        out[n++] = b[p++];
                        continue;
                    }
                    if (p == end) {
                        if (!endsAtEof) {
                            return INCOMPLETE;
                        }
                        addField(valueStart, n);
                        return syntaxError(
                                "quoted field " + fieldCount + " is not closed before the end of the object", p);
                    }
                    if (b[p] == LF) {
                        quotedLineFeeds++;
                        out[n++] = LF;
                        p++;
                    } else if (p + 1 < end && b[p + 1] == QUOTE) {
                        out[n++] = QUOTE;
                        p += 2;
                    } else if (p + 1 == end && !endsAtEof) {
                        return INCOMPLETE;
                    } else {
                        break;
                    }
                }
                addField(valueStart, n);
                p++;
                if (p == end) {
                    return endsAtEof ? p : INCOMPLETE;
                }
                byte c = b[p];
                if (c == COMMA) {
                    p++;
                } else if (c == LF) {
                    return p;
                } else if (c == CR && p + 1 < end && b[p + 1] == LF) {
                    return p + 1;
                } else if (c == CR && p + 1 == end) {
                    return endsAtEof ? end : INCOMPLETE;
                } else {
                    return syntaxError("unexpected character after the closing quote of field " + fieldCount, p);
                }
            } else {
                while (p < end && b[p] != COMMA && b[p] != LF) {
                    if (b[p] == QUOTE) {
                        return syntaxError("quote inside unquoted field " + (fieldCount + 1), p);
                    }
                    out[n++] = b[p++];
                }
                if (p == end && !endsAtEof) {
                    return INCOMPLETE;
                }
                boolean lastField = p == end || b[p] == LF;
                addField(valueStart, lastField && n > valueStart && out[n - 1] == CR ? n - 1 : n);
                if (lastField) {
                    return p;
                }
                p++;
            }
        }
    }

    private int syntaxError(String message, int at) {
        syntaxError = message;
        return at;
    }

    private void addField(int start, int end) {
        if (fieldCount == valueStart.length) {
            valueStart = Arrays.copyOf(valueStart, fieldCount * 2);
            valueEnd = Arrays.copyOf(valueEnd, fieldCount * 2);
        }
        valueStart[fieldCount] = start;
        valueEnd[fieldCount] = end;
        fieldCount++;
    }

    /** 1-based line number on which the current record starts. */
    public long line() {
        return line;
    }

    /** Line number on which the next record starts. */
    public long nextLine() {
        return nextLine;
    }

    /** Stream offset at which the next record starts (just after this record's line break). */
    public long nextOffset() {
        return offsetAtLimit - (limit - pos);
    }

    /** The record's first line was longer than the limit; only its first bytes are kept and it has no fields. */
    public boolean tooLong() {
        return tooLong;
    }

    /** Why the record is not valid RFC 4180, or null. A record with a syntax error has no fields. */
    public String syntaxError() {
        return syntaxError;
    }

    /** The longest record this reader keeps in memory. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** The field's value, unescaped, decoded as UTF-8. */
    public String field(int i) {
        return new String(values, valueStart[i], valueEnd[i] - valueStart[i], StandardCharsets.UTF_8);
    }

    /**
     * The record's bytes as stored, without its line break: only its first line after a syntax
     * error, only the first {@code maxRecordBytes} bytes if {@link #tooLong()}.
     */
    public byte[] raw() {
        return Arrays.copyOfRange(buf, recStart, recEnd);
    }

    /** Feeds the record's bytes as stored, without its line break, to {@code digest}. */
    void digestRaw(MessageDigest digest) {
        digest.update(buf, recStart, recEnd - recStart);
    }

    // Zero-copy access for the decoder in this package: the unescaped values of all fields, one after
    // the other, valid until the next call to next().

    byte[] values() {
        return values;
    }

    int valueStart(int i) {
        return valueStart[i];
    }

    int valueEnd(int i) {
        return valueEnd[i];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
