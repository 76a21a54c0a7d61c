package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedSequenceErrorFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final RetriedSequenceErrorFilter filter = new RetriedSequenceErrorFilter();

    @Test
    void dropsOnlyTheBrokersOutOfOrderSequenceErrors() {
        OutOfOrderSequenceException retried =
                new OutOfOrderSequenceException("Out of order sequence number for producer 3");

        assertThat(decide("kafka.server.ReplicaManager", retried)).isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.ReplicaManager", new IllegalStateException("disk full")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.daybook.app.ingest.Ingester", retried)).isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(String logger, Throwable error) {
        return filter.decide(
                null, context.getLogger(logger), Level.ERROR, "Error processing append operation", null, error);
    }
}
