package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.kafka.InstanceId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.junit.jupiter.api.Test;

/**
 * A commit that Kafka refuses as INVALID_TXN_STATE because another process took the sink's instance id is reported
 * as that, once the group fences the sink's consumer. The race that makes Kafka answer so cannot be forced on a real
 * broker, so the consumer here is Kafka's MockConsumer.
 */
class TakeoverCheckTest {

    private static final InstanceId ID = new InstanceId("twin");
    private static final String TAKEN_OVER =
            "another process joined consumer group twins as instance twin: give every Daybook running at the same"
                    + " time its own --instance-id";

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    TakeoverCheckTest() {
        consumer.assign(List.of(new TopicPartition("t", 0)));
        consumer.updateBeginningOffsets(Map.of(new TopicPartition("t", 0), 0L));
    }

    @Test
    void aRefusedTransactionOfAConsumerFencedMeanwhileIsReportedAsTheTakeover() {
        SinkFailedException refused = refused();
        consumer.setPollException(new FencedInstanceIdException("fenced by the group"));

        SinkFailedException confirmed = TakeoverCheck.confirm(consumer, refused, Duration.ofSeconds(10));

        assertThat(ID.fencedOut("twins", refused)).isEmpty();
        assertThat(ID.fencedOut("twins", confirmed)).contains(TAKEN_OVER);
        assertThat(confirmed).hasMessage(refused.getMessage()).hasSuppressedException(refused);
    }

    @Test
    void aRefusedTransactionOfAConsumerNotFencedStaysWhatItWas() {
        SinkFailedException refused = refused();

        assertThat(TakeoverCheck.confirm(consumer, refused, Duration.ofMillis(300)))
                .isSameAs(refused);
        assertThat(ID.fencedOut("twins", refused)).isEmpty();
    }

    @Test
    void anyOtherFailureIsReturnedWithoutWaiting() {
        MockConsumer<byte[], byte[]> unused = new MockConsumer<>("earliest");
        SinkFailedException other = new SinkFailedException("cannot write", new IllegalStateException("disk full"));

        // an unsubscribed consumer fails when polled: it is not
        assertThat(TakeoverCheck.confirm(unused, other, Duration.ofHours(1))).isSameAs(other);
    }

    private static SinkFailedException refused() {
        return new SinkFailedException(
                "cannot commit offsets of t and 0 dead letters",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
    }
}
