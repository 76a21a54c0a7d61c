package dev.daybook.app.http;

/** A request the API refuses with 400; the message says, in one line, what to fix. */
final class BadRequestException extends Exception {

    BadRequestException(String message) {
        super(message);
    }
}
