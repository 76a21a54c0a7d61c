package dev.daybook.app.cli;

import dev.daybook.app.run.StopSignal;

/** What the long-running commands share. */
final class Commands {

    private Commands() {
    }

    /**
     * 0 after a requested stop; after a failure, the failure as the command's one-line message.
     *
     * @throws CommandFailedException when a part failed
     */
    static int exitCode(StopSignal signal) {
        signal.failure().ifPresent(failure -> {
            throw new CommandFailedException(failure);
        });
        return 0;
    }

    /** A part of the command failed for good; the message says what and why, on one line. */
    static final class CommandFailedException extends RuntimeException {
        CommandFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
