package dev.daybook.app.cli;

import dev.daybook.app.kafka.KafkaOptions;
import dev.daybook.app.run.Closer;
import dev.daybook.app.run.Cluster;
import dev.daybook.app.run.FreeSpaceWatch;
import dev.daybook.app.run.MinFreeSpace;
import dev.daybook.app.run.ShutdownHook;
import dev.daybook.app.run.StopSignal;

/** What the long-running commands share. */
final class Commands {

    private Commands() {}

    /** What a long-running part starts once its cluster's topics are set up, each piece added to the closer. */
    @FunctionalInterface
    interface Part {
        void start(Cluster cluster, Closer closer, StopSignal signal) throws Exception;
    }

    /**
     * Runs {@code part} against the configured cluster (as {@code role}, e.g. "sink") until Ctrl-C, SIGTERM, a
     * failure or the state directory's free space falling below {@code --min-free-space}, then closes its pieces,
     * the last started first.
     *
     * @return the exit code, see {@link #exitCode}
     */
    static int runUntilStopped(StateDirOptions state, KafkaOptions kafka, String role, Part part) throws Exception {
        MinFreeSpace freeSpace = state.requireFreeSpace();
        StopSignal signal = new StopSignal();
        try (ShutdownHook hook = ShutdownHook.install(signal);
                Closer closer = new Closer()) {
            closer.start(new FreeSpaceWatch(freeSpace), signal);
            Cluster cluster = closer.add(Cluster.configured(kafka, role));
            cluster.setUpTopics(kafka.topicSetup(false));
            part.start(cluster, closer, signal);
            signal.await();
        }
        return exitCode(signal);
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
