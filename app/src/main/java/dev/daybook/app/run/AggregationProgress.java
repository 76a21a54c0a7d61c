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
 * and subscription topics included, and holds no pre-aggregated sums it has yet to forward. Under
 * exactly-once, Streams commits its input offsets in the same transaction as the records it produced from
 * them, so once every input is consumed to its end, every output is committed too. But the pre-aggregation
 * forwards its sums only at a punctuation, every commit interval (sums restored from its changelog after a
 * stop included), and what it forwards is visible only at the next commit: so the condition must hold for
 * more than two commit intervals in a row.
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
        long quiet = aggregation
                .commitInterval()
                .multipliedBy(2)
                .plus(CHECK_INTERVAL)
                .toNanos();
        long lastReport = System.nanoTime();
        long caughtUpSince = 0;
        boolean caughtUp = false;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConsumedToEnd consumed = new ConsumedToEnd(kafka, admin);
            while (!signal.await(CHECK_INTERVAL)) {
                long behind = behind(consumed, topics);
                long now = System.nanoTime();
                if (behind != 0 || !aggregation.nothingBuffered()) {
                    caughtUp = false;
                } else if (!caughtUp) {
                    caughtUp = true;
                    caughtUpSince = now;
                } else if (now - caughtUpSince > quiet) {
                    return true;
                }
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
}
