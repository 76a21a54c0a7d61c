package dev.daybook.app.kafka;

/** Daybook's topics cannot be created or are set up wrongly; the message says what to fix, on one line. */
public class TopicSetupException extends RuntimeException {

    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
