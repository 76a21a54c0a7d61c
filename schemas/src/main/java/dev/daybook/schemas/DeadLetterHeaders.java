package dev.daybook.schemas;

import java.nio.charset.StandardCharsets;

/**
 * Headers Daybook's own components put on a {@code dead-letter} record, whose key and value are the
 * original bytes. Records dead-lettered by Kafka Streams' built-in handler carry Streams' own
 * {@code __streams.errors.*} headers instead.
 */
public final class DeadLetterHeaders {

    /** Which component rejected the record: {@code ingest}, {@code aggregate}, {@code sink}, {@code rates}. */
    public static final String STAGE = "daybook.stage";
    /** A short machine-readable reason, e.g. {@code bad_ts}, {@code wrong_column_count}. */
    public static final String REASON = "daybook.reason";
    /** A human-readable explanation, at most {@link #MAX_MESSAGE_LENGTH} characters and {@code ...}. */
    public static final String MESSAGE = "daybook.message";
    /** URI of the object the record came from. */
    public static final String SOURCE_URI = "daybook.source.uri";
    /** Generation of that object, where the store has one. */
    public static final String SOURCE_GENERATION = "daybook.source.generation";
    /** 1-based line number in that object. */
    public static final String SOURCE_LINE = "daybook.source.line";
    /**
     * Present only when the value holds just the first bytes of what was rejected: the size in bytes of all of it
     * (for a {@code row_too_long} row, of the part the decoder kept).
     */
    public static final String VALUE_TRUNCATED_FROM = "daybook.value.truncated.from";

    /** The longest {@link #MESSAGE} Daybook's components write before cutting it. */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    private DeadLetterHeaders() {}

    /** A header value: the text in UTF-8. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The message cut to {@link #MAX_MESSAGE_LENGTH} characters followed by {@code ...}; {@code "null"} for none. */
    public static String truncate(String message) {
        String text = String.valueOf(message);
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
