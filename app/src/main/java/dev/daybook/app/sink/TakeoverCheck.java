package dev.daybook.app.sink;

import dev.daybook.app.kafka.Causes;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Tells a commit refused because another process took this sink's instance id from other refusals. Kafka's
 * transactions (version 2) may refuse the commit of a producer that a newer one with the same transactional id has
 * just fenced with INVALID_TXN_STATE rather than PRODUCER_FENCED; the consumer, a static member under the same id,
 * then learns from the group within a few heartbeats that it was replaced.
 */
final class TakeoverCheck {

    /** A few heartbeats (3 s apart by default) and the newer process's join. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(100);

    private TakeoverCheck() {}

    /**
     * {@code failure}; or, when it is a refused transaction and {@code consumer} is fenced out of its group within
     * {@code wait}, the same failure caused by that fencing.
     */
    static SinkFailedException confirm(Consumer<?, ?> consumer, SinkFailedException failure, Duration wait) {
        if (Causes.find(failure, InvalidTxnStateException.class).isEmpty()) {
            return failure;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                consumer.poll(POLL);
            }
        } catch (FencedInstanceIdException fenced) {
            SinkFailedException confirmed = new SinkFailedException(failure.getMessage(), fenced);
            confirmed.addSuppressed(failure);
            return confirmed;
        } catch (WakeupException closing) {
            throw closing;
        } catch (KafkaException other) {
            failure.addSuppressed(other);
        }
        return failure;
    }
}
