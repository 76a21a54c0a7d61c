package dev.daybook.app.kafka;

import dev.daybook.schemas.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Writes Daybook's {@link DeadLetterHeaders} on a dead letter, each as UTF-8 text: the one way every stage does. */
public final class DeadLetterHeaderWriter {

    private final Headers headers;

    private DeadLetterHeaderWriter(Headers headers) {
        this.headers = headers;
    }

    /** New headers saying which stage rejected the record and why. */
    public static DeadLetterHeaderWriter of(String stage, String reason) {
        return onto(new RecordHeaders(), stage, reason);
    }

    /** Adds to headers a dead letter has already (Kafka Streams' own). */
    public static DeadLetterHeaderWriter onto(Headers headers, String stage, String reason) {
        return new DeadLetterHeaderWriter(headers)
                .add(DeadLetterHeaders.STAGE, stage)
                .add(DeadLetterHeaders.REASON, reason);
    }

    public DeadLetterHeaderWriter message(String message) {
        return add(DeadLetterHeaders.MESSAGE, message);
    }

    public DeadLetterHeaderWriter sourceUri(String uri) {
        return add(DeadLetterHeaders.SOURCE_URI, uri);
    }

    public DeadLetterHeaderWriter sourceGeneration(long generation) {
        return add(DeadLetterHeaders.SOURCE_GENERATION, Long.toString(generation));
    }

    public DeadLetterHeaderWriter sourceLine(long line) {
        return add(DeadLetterHeaders.SOURCE_LINE, Long.toString(line));
    }

    public DeadLetterHeaderWriter valueTruncatedFrom(int bytes) {
        return add(DeadLetterHeaders.VALUE_TRUNCATED_FROM, Integer.toString(bytes));
    }

    public Headers headers() {
        return headers;
    }

    private DeadLetterHeaderWriter add(String name, String value) {
        headers.add(name, DeadLetterHeaders.utf8(value));
        return this;
    }
}
