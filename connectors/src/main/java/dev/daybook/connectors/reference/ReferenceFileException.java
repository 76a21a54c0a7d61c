package dev.daybook.connectors.reference;

import java.io.IOException;

/**
 * A reference file (tokens or rates CSV) cannot be used. The message is one line:
 * {@code <file>:<line>: <what is wrong and how to fix it>}.
 */
public final class ReferenceFileException extends IOException {

    public ReferenceFileException(String source, long line, String problem) {
        super(source + ":" + line + ": " + problem);
    }
}
