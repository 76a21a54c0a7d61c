package dev.daybook.connectors.csv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CSV rules of docs/input-format.md, written as plainly as possible: one character at a time
 * over the whole object, no buffers, no fast paths. The oracle the streaming {@link CsvRecordReader}
 * is checked against; it is meant to be read next to the documentation, not to be fast.
 */
final class ReferenceCsvRules {

    enum Kind {
        RECORD,
        BAD_CSV,
        TOO_LONG
    }

    /**
     * One record as the rules define it.
     *
     * @param fields the unescaped field values of a {@link Kind#RECORD}, empty otherwise
     */
    record Rec(Kind kind, List<String> fields, String raw, long line, long nextOffset, long nextLine) {}

    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_SEEN,
        CR_AFTER_QUOTE
    }

    private static final byte QUOTE = '"';
    private static final byte COMMA = ',';
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private ReferenceCsvRules() {}

    /** The records of {@code data}, which starts at stream offset {@code offset} on line {@code firstLine}. */
    static List<Rec> records(byte[] data, long offset, long firstLine, int limit) {
        List<Rec> records = new ArrayList<>();
        int start = 0;
        long line = firstLine;
        while (start < data.length) {
            int lineEnd = firstLineFeedOrEnd(data, start);
            int next = lineEnd == data.length ? lineEnd : lineEnd + 1;
            if (withoutCr(data, start, lineEnd) == start) {
                // a blank line: not a record, but a line
            } else if (lineEnd - start > limit) {
                records.add(new Rec(
                        Kind.TOO_LONG, List.of(), hex(data, start, start + limit), line, offset + next, line + 1));
            } else {
                Parse parse = parse(data, start, start + limit + 1);
                if (parse == null) {
                    records.add(new Rec(
                            Kind.BAD_CSV,
                            List.of(),
                            hex(data, start, withoutCr(data, start, lineEnd)),
                            line,
                            offset + next,
                            line + 1));
                } else {
                    next = parse.end == data.length ? parse.end : parse.end + 1;
                    records.add(new Rec(
                            Kind.RECORD,
                            parse.fields,
                            hex(data, start, withoutCr(data, start, parse.end)),
                            line,
                            offset + next,
                            line + 1 + parse.quotedLineFeeds));
                    line += parse.quotedLineFeeds;
                }
            }
            line++;
            start = next;
        }
        return records;
    }

    private record Parse(List<String> fields, int end, long quotedLineFeeds) {}

    /**
     * Runs the RFC 4180 state machine from {@code start}, looking at no byte at or after
     * {@code window}; null if the record breaks a rule or does not end inside the window.
     */
    private static Parse parse(byte[] data, int start, int window) {
        List<String> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        State state = State.FIELD_START;
        long quotedLineFeeds = 0;
        for (int i = start; ; i++) {
            if (i >= window) {
                return null;
            }
            if (i == data.length) {
                if (state == State.QUOTED) {
                    return null;
                }
                fields.add(value(field, state == State.FIELD_START || state == State.UNQUOTED));
                return new Parse(fields, i, quotedLineFeeds);
            }
            byte c = data[i];
            switch (state) {
                case FIELD_START, UNQUOTED -> {
                    if (c == QUOTE && state == State.FIELD_START) {
                        state = State.QUOTED;
                    } else if (c == QUOTE) {
                        return null;
                    } else if (c == COMMA) {
                        fields.add(value(field, false));
                        state = State.FIELD_START;
                    } else if (c == LF) {
                        fields.add(value(field, true));
                        return new Parse(fields, i, quotedLineFeeds);
                    } else {
                        field.write(c);
                        state = State.UNQUOTED;
                    }
                }
                case QUOTED -> {
                    if (c == QUOTE) {
                        state = State.QUOTE_SEEN;
                    } else {
                        if (c == LF) {
                            quotedLineFeeds++;
                        }
                        field.write(c);
                    }
                }
                case QUOTE_SEEN -> {
                    if (c == QUOTE) {
                        field.write(QUOTE);
                        state = State.QUOTED;
                    } else if (c == COMMA) {
                        fields.add(value(field, false));
                        state = State.FIELD_START;
                    } else if (c == LF) {
                        fields.add(value(field, false));
                        return new Parse(fields, i, quotedLineFeeds);
                    } else if (c == CR) {
                        state = State.CR_AFTER_QUOTE;
                    } else {
                        return null;
                    }
                }
                case CR_AFTER_QUOTE -> {
                    if (c != LF) {
                        return null;
                    }
                    fields.add(value(field, false));
                    return new Parse(fields, i, quotedLineFeeds);
                }
                default -> throw new AssertionError(state);
            }
        }
    }

    /** The field's value in hex; an unquoted last field loses the CR of its line break. */
    private static String value(ByteArrayOutputStream field, boolean lastUnquoted) {
        byte[] bytes = field.toByteArray();
        field.reset();
        return hex(bytes, 0, lastUnquoted ? withoutCr(bytes, 0, bytes.length) : bytes.length);
    }

    private static int firstLineFeedOrEnd(byte[] data, int from) {
        int p = from;
        while (p < data.length && data[p] != LF) {
            p++;
        }
        return p;
    }

    private static int withoutCr(byte[] data, int start, int end) {
        return end > start && data[end - 1] == CR ? end - 1 : end;
    }

    static String hex(byte[] data, int from, int to) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOfRange(data, from, to));
    }
}
