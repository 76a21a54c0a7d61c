package dev.daybook.app.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Keeps the embedded broker from logging, at ERROR, the out-of-order sequence numbers that transactional
 * producers cause when they pipeline a new transaction's batches behind one the broker is still completing
 * (transactions version 2): the producer retries them and nothing is lost, but a demo full of stack traces
 * says otherwise. Every other broker error is logged.
 */
public final class RetriedSequenceErrorFilter extends TurboFilter {

    private static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t instanceof OutOfOrderSequenceException && logger != null && REPLICA_MANAGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
