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
 * skipped (they still count as lines). A record that breaks the quoting rules ends with the physical
 * line its first error is on, so one stray quote costs one line, not the rest of the stream. A record is held whole in memory, up to
 * {@code maxRecordBytes}; a longer one is consumed to its end without being kept and reported as
 * {@link #tooLong()}.
 *
 * <p>Not thread-safe. The accessors describe the record returned by the last {@link #next()}.
 */
public final class CsvRecordReader implements Closeable {

    /** Longest record kept in memory by default; a Sequence row is well under 2 KiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    private static final int CHUNK = 64 * 1024;
    private static final int INCOMPLETE = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte QUOTE = '"';
    private static final byte COMMA = ',';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxRecordBytes;
    private byte[] buf = new byte[CHUNK];
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[limit]}: the first byte not read yet. */
    private long offsetAtLimit;
    private boolean eof;
    /** Where the last {@link #fill()} put the bytes it read. */
    private int readStart;

    private long line;
    private long nextLine;
    private int recStart;
    private int recEnd;
    private boolean tooLong;
    private String syntaxError;
    private int syntaxErrorAt;
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
        this(in, offset, firstLine, DEFAULT_MAX_RECORD_BYTES);
    }

    public CsvRecordReader(InputStream in, long offset, long firstLine, int maxRecordBytes) {
        if (offset < 0 || firstLine < 1 || maxRecordBytes < 1) {
            throw new IllegalArgumentException("offset >= 0, firstLine >= 1 and maxRecordBytes >= 1 required");
        }
        this.in = in;
        this.offsetAtLimit = offset;
        this.nextLine = firstLine;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * A reader of a whole stream from its first byte, skipping a UTF-8 byte order mark if there is one
     * (offsets still count it).
     */
    public static CsvRecordReader fromStart(InputStream in) throws IOException {
        PushbackInputStream stream = new PushbackInputStream(in, UTF8_BOM.length);
        byte[] start = stream.readNBytes(UTF8_BOM.length);
        if (Arrays.equals(start, UTF8_BOM)) {
            return new CsvRecordReader(stream, UTF8_BOM.length, 1);
        }
        stream.unread(start);
        return new CsvRecordReader(stream, 0, 1);
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
            tooLong = false;
            syntaxError = null;
            if (!splitInBuffer()) {
                splitAcrossReads();
            }
            if (recEnd - recStart > maxRecordBytes) {
                tooLong = true;
            }
            if (tooLong) {
                recEnd = Math.min(recEnd, recStart + maxRecordBytes);
                fieldCount = 0;
            }
            if (recEnd > recStart || tooLong) {
                return true;
            }
        }
    }

    /**
     * The fast path: splits the record from the bytes already in the buffer, in one pass. False if
     * the buffer ends before the record does; nothing is consumed then.
     */
    private boolean splitInBuffer() {
        int end = splitFields(limit, false);
        if (end == INCOMPLETE) {
            return false;
        }
        if (syntaxError != null) {
            end = indexOf(LF, end, limit);
            if (end < 0) {
                return false;
            }
        }
        endRecord(end, line + quotedLineFeeds + 1);
        return true;
    }

    /**
     * The slow path, for a record that runs past the buffer or the stream: first reads on to its end
     * (phase one), which also moves or grows the buffer, then splits it.
     */
    private void splitAcrossReads() throws IOException {
        syntaxError = null;
        findRecord();
        if (tooLong || recEnd - recStart > maxRecordBytes) {
            return;
        }
        splitFields(recEnd, true);
        if (syntaxError != null) {
            endAtLineOfError();
        }
    }

    /**
     * After a syntax error, ends the record with the physical line the error is on. A stray quote
     * makes the quote count odd, which would otherwise join the following lines to this record.
     */
    private void endAtLineOfError() {
        int lineFeed = indexOf(LF, syntaxErrorAt, recEnd);
        if (lineFeed >= 0) {
            long lineFeeds = 0;
            for (int q = recStart; q < lineFeed; q++) {
                if (buf[q] == LF) {
                    lineFeeds++;
                }
            }
            endRecord(lineFeed, line + lineFeeds + 1);
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
     * Phase one of the slow path: find the end of the record, the first LF outside quotes, keeping
     * the record contiguous in {@code buf}. Eight bytes at a time: an LF is outside quotes when the
     * number of quotes before it in the record is even ({@code ""} escapes count twice, so they
     * cancel out).
     */
    private void findRecord() throws IOException {
        long newlines = 0;
        boolean inQuotes = false;
        int p = recStart;
        while (true) {
            byte[] b = buf;
            int wordsEnd = limit - Long.BYTES;
            while (p <= wordsEnd) {
                long word = (long) LONGS.get(b, p);
                long quotes = Swar.bytesEqual(word, Swar.QUOTES);
                long lineFeeds = Swar.bytesEqual(word, Swar.LINE_FEEDS);
                while (lineFeeds != 0) {
                    long lineFeed = Long.lowestOneBit(lineFeeds);
                    boolean quoted = inQuotes ^ (Long.bitCount(quotes & (lineFeed - 1)) & 1) != 0;
                    if (!quoted) {
                        endRecord(p + (Long.numberOfTrailingZeros(lineFeed) >>> 3), line + newlines + 1);
                        return;
                    }
                    newlines++;
                    lineFeeds ^= lineFeed;
                }
                inQuotes ^= (Long.bitCount(quotes) & 1) != 0;
                p += Long.BYTES;
            }
            for (; p < limit; p++) {
                byte c = b[p];
                if (c == QUOTE) {
                    inQuotes = !inQuotes;
                } else if (c == LF) {
                    if (!inQuotes) {
                        endRecord(p, line + newlines + 1);
                        return;
                    }
                    newlines++;
                }
            }
            if (!fill()) {
                recEnd = limit > recStart && buf[limit - 1] == CR ? limit - 1 : limit;
                pos = limit;
                nextLine = line + newlines + 1;
                return;
            }
            p = readStart;
        }
    }

    /** The record ends at the LF at {@code lineFeed}. */
    private void endRecord(int lineFeed, long nextRecordLine) {
        recEnd = lineFeed > recStart && buf[lineFeed - 1] == CR ? lineFeed - 1 : lineFeed;
        pos = lineFeed + 1;
        nextLine = nextRecordLine;
    }

    /**
     * Makes more bytes available after {@code limit}, moving the current record to the front of the
     * buffer or growing it; past {@code maxRecordBytes} the record's tail is dropped as it is read.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (limit == buf.length) {
            if (recStart > 0) {
                int kept = limit - recStart;
                System.arraycopy(buf, recStart, buf, 0, kept);
                pos -= recStart;
                recStart = 0;
                limit = kept;
            } else if (buf.length < maxRecordBytes + CHUNK) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordBytes + CHUNK));
            } else {
                tooLong = true;
                limit = recStart + maxRecordBytes;
                pos = Math.min(pos, limit);
            }
        }
        readStart = limit;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        offsetAtLimit += n;
        return true;
    }

    /**
     * Splits the record starting at {@code recStart} into fields, copying their unescaped values one
     * after the other into {@code values} (eight bytes at a time; the copy stops at quotes and line
     * feeds), and counting the line feeds inside quoted fields.
     *
     * @param end        where to stop: the buffer's end, or the record's end when it is known
     * @param endsRecord whether {@code end} is the record's end
     * @return the index of the LF that ends the record, or {@code end}; or the index of the first
     *         syntax error ({@link #syntaxError} set); or {@link #INCOMPLETE} if {@code end} came
     *         before the record's end
     */
    private int splitFields(int end, boolean endsRecord) {
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
                        if (!endsRecord) {
                            return INCOMPLETE;
                        }
                        addField(valueStart, n);
                        return syntaxError("quoted field " + fieldCount + " is not closed before the end of the object", p);
                    }
                    if (b[p] == LF) {
                        quotedLineFeeds++;
                        out[n++] = LF;
                        p++;
                    } else if (p + 1 < end && b[p + 1] == QUOTE) {
                        out[n++] = QUOTE;
                        p += 2;
                    } else if (p + 1 == end && !endsRecord) {
                        return INCOMPLETE;
                    } else {
                        break;
                    }
                }
                addField(valueStart, n);
                p++;
                if (p == end) {
                    return endsRecord ? p : INCOMPLETE;
                }
                byte c = b[p];
                if (c == COMMA) {
                    p++;
                } else if (c == LF) {
                    return p;
                } else if (c == CR && p + 1 < end && b[p + 1] == LF) {
                    return p + 1;
                } else if (c == CR && p + 1 == end && !endsRecord) {
                    return INCOMPLETE;
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
                if (p == end && !endsRecord) {
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
        syntaxErrorAt = at;
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

    /** The record was longer than the limit; only its first bytes are kept and it has no fields. */
    public boolean tooLong() {
        return tooLong;
    }

    /** Why the record is not valid RFC 4180, or null. Fields up to the error are available. */
    public String syntaxError() {
        return syntaxError;
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** The field's value, unescaped, decoded as UTF-8. */
    public String field(int i) {
        return new String(values, valueStart[i], valueEnd[i] - valueStart[i], StandardCharsets.UTF_8);
    }

    /** The record's bytes as stored, without its line break (truncated if {@link #tooLong()}). */
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
