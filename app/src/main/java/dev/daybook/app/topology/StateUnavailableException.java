package dev.daybook.app.topology;

/**
 * The {@code daily-totals} store cannot answer right now: Kafka Streams is starting or rebalancing, or a
 * partition moved to another instance since the caller looked. Asking again shortly is the remedy.
 */
public final class StateUnavailableException extends Exception {

    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
