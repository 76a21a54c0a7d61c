package dev.daybook.app.run;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.OpenTransactions;
import dev.daybook.app.kafka.TopicPartitions;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the aggregation has nothing left to do: two checks in a row find that it has consumed everything
 * committed to its input topics (its own repartition and subscription topics included), that no transaction is
 * open on those or on its output topics, and that its pre-aggregation holds no sums.
 *
 * <p>Under exactly-once, Streams commits its input offsets in the same transaction as what it produced from them: a
 * record on its way is either committed and not yet consumed (behind), or consumed and not yet committed (behind too,
 * since the group's offsets move only at the commit), or sent in an open transaction (open). The one exception is
 * what the pre-aggregation forwards at a punctuation: it has no input of its own, and its producer may hold it for
 * {@code linger.ms} before sending. So the buffer is looked at first, and the two checks are further apart than the
 * producers' linger: sums forwarded just before the first are sent by the second, and show there as open or behind.
 */
public final class AggregationProgress {

    private static final Logger log = LoggerFactory.getLogger(AggregationProgress.class);
    /** Beyond the producers' linger, for the send itself. */
    private static final Duration SEND_MARGIN = Duration.ofMillis(150);

    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final KafkaSettings kafka;
    private final Aggregation aggregation;

    public AggregationProgress(KafkaSettings kafka, Aggregation aggregation) {
        this.kafka = kafka;
        this.aggregation = aggregation;
    }

    /**
     * @return true once caught up; false if the command is stopping first
     */
    public boolean awaitCaughtUp(StopSignal signal) throws InterruptedException {
        Set<String> inputs = aggregation.inputTopics();
        Set<String> transactional = new TreeSet<>(inputs);
        transactional.addAll(aggregation.outputTopics());
        Duration interval = aggregation.producerLinger().plus(SEND_MARGIN);
        long lastReport = System.nanoTime();
        boolean idleBefore = false;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConsumedToEnd consumed = new ConsumedToEnd(kafka, admin);
            while (!signal.await(interval)) {
                boolean nothingBuffered = aggregation.nothingBuffered();
                long behind = behind(consumed, inputs);
                boolean idle = nothingBuffered && behind == 0 && openTransactions(admin, transactional) == 0;
                if (idle && idleBefore) {
                    return true;
                }
                idleBefore = idle;
                long now = System.nanoTime();
                if (now - lastReport > REPORT_INTERVAL.toNanos()) {
                    log.info(
                            "Waiting for the aggregation: {}",
                            behind < 0 ? "starting" : behind + " offsets to consume");
                    lastReport = now;
                }
            }
            return false;
        }
    }

    /** Offsets still to consume; -1 while Streams has not created its internal topics yet. */
    private long behind(ConsumedToEnd consumed, Set<String> topics) throws InterruptedException {
        try {
            return consumed.check(aggregation.applicationId(), topics).behind();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return -1;
            }
            throw e;
        }
    }

    private static long openTransactions(Admin admin, Set<String> topics) throws InterruptedException {
        try {
            return OpenTransactions.offsets(admin, TopicPartitions.of(admin, topics));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the end offsets of " + topics + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
