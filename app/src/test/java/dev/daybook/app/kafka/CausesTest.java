package dev.daybook.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void findsTheFirstCauseOfTheTypeWhereverKafkaWrappedIt() {
        KafkaException inner = new KafkaException("inner");
        InvalidTxnStateException refused = new InvalidTxnStateException("refused");
        refused.initCause(inner);
        KafkaException wrapped = new KafkaException("commit failed", new IllegalStateException("listener", refused));

        assertThat(Causes.find(wrapped, InvalidTxnStateException.class)).containsSame(refused);
        assertThat(Causes.find(wrapped, KafkaException.class)).containsSame(wrapped);
        assertThat(Causes.find(refused, KafkaException.class))
                .as("the first, not the innermost")
                .containsSame(refused);
    }

    @Test
    void findsNothingWhenNoCauseIsOfTheType() {
        assertThat(Causes.find(new KafkaException("x", new IllegalStateException()), ProducerFencedException.class))
                .isEmpty();
    }
}
