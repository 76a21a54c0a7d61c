package dev.daybook.app.ingest;

/** The ingester cannot go on: Kafka refuses it (e.g. fenced by another instance) or its progress cannot be read. */
public final class IngestFailedException extends RuntimeException {

    public IngestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
