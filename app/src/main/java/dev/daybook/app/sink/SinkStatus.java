package dev.daybook.app.sink;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a health endpoint reports about the sink.
 *
 * @param failure       why the sink stopped, when {@link State#FAILED}
 * @param lastWrite     when the warehouse last accepted a batch
 * @param rowsWritten   rows handed to the warehouse and accepted, since start
 * @param deadLettered  daily-volume records sent to the dead-letter topic, since start
 * @param rowsRefused   of those, rows the warehouse refused ({@link SinkRunner#REFUSED})
 * @param lag           daily-volume records not yet written (fetched or not), once known
 */
public record SinkStatus(
        State state,
        Optional<String> failure,
        Optional<Instant> lastWrite,
        long rowsWritten,
        long deadLettered,
        long rowsRefused,
        OptionalLong lag) {

    public enum State {
        /** Created, not consuming yet. */
        STARTING,
        /** Consuming and writing. */
        RUNNING,
        /** Closed cleanly. */
        STOPPED,
        /** Stopped by a warehouse or Kafka failure; nothing after the last successful write was committed. */
        FAILED
    }
}
