package dev.daybook.connectors.csv;

/**
 * A place in a decompressed Sequence object where a row starts: its byte offset and its 1-based
 * line number. Recording the position after the last row handled is enough to resume decoding
 * there with {@link SequenceDecoder#resume}.
 */
public record Position(long offset, long line) {

    public Position {
        if (offset < 0 || line < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and line >= 1: " + offset + ", " + line);
        }
    }
}
