package dev.daybook.app.kafka;

import java.util.Optional;

/** A failure's causes, which Kafka's clients wrap around what a broker or a callback threw. */
public final class Causes {

    private Causes() {}

    /** The first of {@code failure} and its causes that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
