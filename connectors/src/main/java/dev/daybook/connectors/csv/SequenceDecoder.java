package dev.daybook.connectors.csv;

import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.Transaction;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a Sequence event object (already decompressed), row by row, into transactions, skipped
 * rows of other event types and malformed rows. It streams: only the current row is in memory.
 * Every result carries the {@link Position} of the next row, from which {@link #resume} continues
 * inside the object. Not thread-safe; {@link #close()} closes the stream.
 */
public final class SequenceDecoder implements Closeable {

    private static final byte[] BUY_ITEMS = SequenceFormat.BUY_ITEMS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELL_ITEMS = SequenceFormat.SELL_ITEMS.getBytes(StandardCharsets.US_ASCII);
    private static final int QUOTED_HEADER_LENGTH = 200;

    private final CsvRecordReader reader;
    private final String uri;
    private final long generation;
    private final TimestampRange tsRange;
    private final RowJson json = new RowJson();
    private final FieldChecks fields = new FieldChecks();
    private final EventIds eventIds = new EventIds();
    private final DecodeStats stats = new DecodeStats();

    private SequenceDecoder(CsvRecordReader reader, String uri, long generation, TimestampRange tsRange) {
        this.reader = reader;
        this.uri = uri;
        this.generation = generation;
        this.tsRange = tsRange;
    }

    /**
     * Starts decoding a whole object: reads and checks its header.
     *
     * @param in         the object's decompressed bytes from the start
     * @param uri        the object's URI, recorded in every transaction's source
     * @param generation the object's generation, 0 where the store has none
     * @throws BadHeaderException if the object is empty or does not start with the Sequence header;
     *                            the stream is closed then
     */
    public static SequenceDecoder open(InputStream in, String uri, long generation)
            throws IOException, BadHeaderException {
        return open(in, uri, generation, TimestampRange.DEFAULT);
    }

    /** Like {@link #open(InputStream, String, long)}, accepting event times in {@code tsRange}. */
    public static SequenceDecoder open(InputStream in, String uri, long generation, TimestampRange tsRange)
            throws IOException, BadHeaderException {
        return open(CsvRecordReader.fromStart(in), uri, generation, tsRange);
    }

    /** {@link #open(InputStream, String, long, TimestampRange)} over a reader made by {@link CsvRecordReader#fromStart}. */
    static SequenceDecoder open(CsvRecordReader reader, String uri, long generation, TimestampRange tsRange)
            throws IOException, BadHeaderException {
        try {
            SequenceDecoder decoder = new SequenceDecoder(reader, uri, generation, tsRange);
            decoder.readHeader();
            return decoder;
        } catch (BadHeaderException | IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Continues decoding inside an object whose header was checked before.
     *
     * @param in the object's decompressed bytes from {@code at.offset()} on (e.g. a ranged read)
     * @param at a position reported by an earlier decoder of the same object
     */
    public static SequenceDecoder resume(InputStream in, String uri, long generation, Position at) {
        return resume(in, uri, generation, at, TimestampRange.DEFAULT);
    }

    /** Like {@link #resume(InputStream, String, long, Position)}, accepting event times in {@code tsRange}. */
    public static SequenceDecoder resume(
            InputStream in, String uri, long generation, Position at, TimestampRange tsRange) {
        return resume(new CsvRecordReader(in, at.offset(), at.line()), uri, generation, tsRange);
    }

    /** {@link #resume(InputStream, String, long, Position, TimestampRange)} over a reader made at that position. */
    static SequenceDecoder resume(CsvRecordReader reader, String uri, long generation, TimestampRange tsRange) {
        return new SequenceDecoder(reader, uri, generation, tsRange);
    }

    /** The next row, or null at the end of the object. */
    public Decoded next() throws IOException {
        if (!reader.next()) {
            return null;
        }
        Decoded decoded = decode();
        stats.count(decoded);
        return decoded;
    }

    /** Where the next row starts: after the header at first, then after the last row returned. */
    public Position position() {
        return new Position(reader.nextOffset(), reader.nextLine());
    }

    /** Counts of the rows this decoder returned (from its start or resume position). */
    public DecodeStats stats() {
        return stats;
    }

    private void readHeader() throws IOException, BadHeaderException {
        if (!reader.next()) {
            throw new BadHeaderException("the object is empty; expected the header line " + expectedHeader());
        }
        if (reader.tooLong() || reader.syntaxError() != null) {
            throw badHeader("it is not a valid CSV line");
        }
        if (reader.fieldCount() != SequenceFormat.COLUMNS.size()) {
            throw badHeader("it has " + reader.fieldCount() + " columns, expected " + SequenceFormat.COLUMNS.size());
        }
        for (int i = 0; i < reader.fieldCount(); i++) {
            String name = reader.field(i);
            String expected = SequenceFormat.COLUMNS.get(i);
            if (!expected.equals(name)) {
                throw badHeader("column " + (i + 1) + " is '" + name + "', expected '" + expected + "'");
            }
        }
    }

    private BadHeaderException badHeader(String problem) {
        String found = new String(reader.raw(), StandardCharsets.UTF_8);
        if (found.length() > QUOTED_HEADER_LENGTH) {
            found = found.substring(0, QUOTED_HEADER_LENGTH) + "…";
        }
        return new BadHeaderException("line " + reader.line() + " is not the Sequence header: " + problem
                + "; expected " + expectedHeader() + ", found " + found);
    }

    private static String expectedHeader() {
        return String.join(",", SequenceFormat.COLUMNS);
    }

    private Decoded decode() {
        long line = reader.line();
        Position next = position();
        if (reader.tooLong()) {
            return malformed(
                    MalformedReason.ROW_TOO_LONG,
                    "the row's first line is longer than " + reader.maxRecordBytes()
                            + " bytes (only its start is kept)",
                    line,
                    next);
        }
        if (reader.syntaxError() != null) {
            return malformed(MalformedReason.BAD_CSV, reader.syntaxError(), line, next);
        }
        if (reader.fieldCount() != SequenceFormat.COLUMNS.size()) {
            return malformed(
                    MalformedReason.WRONG_COLUMN_COUNT,
                    "expected " + SequenceFormat.COLUMNS.size() + " columns, found " + reader.fieldCount(),
                    line,
                    next);
        }
        String event = transactionEvent();
        if (event == null) {
            return new Decoded.Skipped(reader.field(SequenceFormat.EVENT), line, next);
        }
        try {
            return transaction(event, line, next);
        } catch (RowException e) {
            return malformed(e.reason(), e.getMessage(), line, next);
        }
    }

    private Decoded transaction(String event, long line, Position next) throws RowException {
        byte[] values = reader.values();
        long ts = UtcTimestamps.parseMillis(
                values, reader.valueStart(SequenceFormat.TS), reader.valueEnd(SequenceFormat.TS));
        if (ts == UtcTimestamps.INVALID) {
            throw new RowException(
                    MalformedReason.BAD_TS,
                    "ts '" + reader.field(SequenceFormat.TS) + "' is not a UTC time like 2024-04-15 02:15:07.167");
        }
        if (!tsRange.contains(ts)) {
            throw new RowException(
                    MalformedReason.TS_OUT_OF_RANGE,
                    "ts '" + reader.field(SequenceFormat.TS) + "' is outside the accepted range " + tsRange);
        }
        String projectId = fields.projectId(
                values, reader.valueStart(SequenceFormat.PROJECT_ID), reader.valueEnd(SequenceFormat.PROJECT_ID));
        RowJson.Props props =
                json.props(values, reader.valueStart(SequenceFormat.PROPS), valueLength(SequenceFormat.PROPS));
        RowJson.Nums nums = json.nums(values, reader.valueStart(SequenceFormat.NUMS), valueLength(SequenceFormat.NUMS));
        Transaction transaction = new Transaction(
                eventIds.of(reader),
                ts,
                event,
                projectId,
                props.chainId(),
                props.currencyAddress(),
                props.currencySymbol(),
                nums.raw(),
                nums.decimal(),
                new SourceRef(uri, generation, line),
                text(SequenceFormat.APP),
                props.collectionAddress(),
                props.tokenId(),
                props.txnHash(),
                props.marketplaceType(),
                props.requestId(),
                text(SequenceFormat.COUNTRY),
                text(SequenceFormat.DEVICE_TYPE),
                text(SequenceFormat.DEVICE_OS),
                text(SequenceFormat.DEVICE_OS_VER),
                text(SequenceFormat.DEVICE_BROWSER),
                text(SequenceFormat.DEVICE_BROWSER_VER));
        return new Decoded.Transaction(transaction, next);
    }

    /** A descriptive column as text (invalid UTF-8 replaced), null when it is blank. */
    private String text(int field) {
        String value = reader.field(field);
        return value.isBlank() ? null : value;
    }

    /** The row's event if it is a transaction event, else null. */
    private String transactionEvent() {
        if (fieldIs(SequenceFormat.EVENT, BUY_ITEMS)) {
            return SequenceFormat.BUY_ITEMS;
        }
        if (fieldIs(SequenceFormat.EVENT, SELL_ITEMS)) {
            return SequenceFormat.SELL_ITEMS;
        }
        return null;
    }

    private boolean fieldIs(int field, byte[] value) {
        return Arrays.equals(reader.values(), reader.valueStart(field), reader.valueEnd(field), value, 0, value.length);
    }

    private int valueLength(int field) {
        return reader.valueEnd(field) - reader.valueStart(field);
    }

    private Decoded.Malformed malformed(MalformedReason reason, String message, long line, Position next) {
        return new Decoded.Malformed(reason, message, reader.raw(), line, next);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
