package dev.daybook.app.sink;

/** Closed while waiting (to retry, or for Kafka's answer): stop without writing or committing any more. */
final class Abandoned extends RuntimeException {

    Abandoned() {
        super("closed while retrying", null, false, false);
    }
}
