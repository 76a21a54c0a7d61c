package dev.daybook.app.run;

import dev.daybook.app.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the aggregation has consumed everything committed to its input topics, its own repartition
 * and subscription topics included. Under exactly-once, Streams commits its input offsets in the same
 * transaction as the records it produced from them, so once every input is consumed to its end, every
 * output is committed too and nothing is in flight. It must hold at two checks in a row.
 */
public final class AggregationProgress {

    private static final Logger log = LoggerFactory.getLogger(AggregationProgress.class);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
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
        Set<String> topics = aggregation.inputTopics();
        long lastReport = System.nanoTime();
        int consecutive = 0;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConsumedToEnd consumed = new ConsumedToEnd(kafka, admin);
            while (!signal.await(CHECK_INTERVAL)) {
                long behind = behind(consumed, topics);
                consecutive = behind == 0 ? consecutive + 1 : 0;
                if (consecutive == 2) {
                    return true;
                }
                if (System.nanoTime() - lastReport > REPORT_INTERVAL.toNanos()) {
                    log.info(
                            "Waiting for the aggregation: {}",
                            behind < 0 ? "starting" : behind + " offsets to consume");
                    lastReport = System.nanoTime();
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
}
