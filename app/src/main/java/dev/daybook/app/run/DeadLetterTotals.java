package dev.daybook.app.run;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.sink.SinkRunner;
import dev.daybook.app.topology.DeadLetterStamp;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What the aggregation and the sink have sent to the {@code dead-letter} topic over all runs, counted by
 * reading the topic (committed records, to its last stable offsets) by each record's
 * {@link DeadLetterHeaders#STAGE}. The ingester's dead letters are left out: its progress counts them
 * ({@link dev.daybook.app.ingest.IngestTotals}), whatever the topic's retention has deleted since.
 *
 * @param aggregated           records the aggregation rejected
 * @param transactionsRejected of those, the transactions it read from {@code transactions} and rejected while
 *                             processing them (they carry their source); a record there that cannot be read as
 *                             a transaction at all is not one the ingester wrote, and not counted here
 * @param sunk                 records the sink rejected
 */
public record DeadLetterTotals(long aggregated, long transactionsRejected, long sunk) {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @throws org.apache.kafka.common.KafkaException when the topic cannot be read
     */
    public static DeadLetterTotals read(KafkaSettings kafka, TopicCatalogue topics) {
        Tally tally = new Tally(topics.transactions().name());
        CommittedRecords.read(kafka, topics.deadLetter().name(), READ_TIMEOUT, record -> tally.add(record.headers()));
        return tally.totals();
    }

    /** Counts dead letters by their headers. Not thread-safe. */
    static final class Tally {

        private final String transactionsTopic;
        private long aggregated;
        private long transactionsRejected;
        private long sunk;

        Tally(String transactionsTopic) {
            this.transactionsTopic = transactionsTopic;
        }

        void add(Headers headers) {
            String stage = text(headers, DeadLetterHeaders.STAGE);
            if (DeadLetterStamp.STAGE.equals(stage)) {
                aggregated++;
                if (transactionsTopic.equals(text(headers, DeadLetterStamp.SOURCE_TOPIC))
                        && headers.lastHeader(DeadLetterHeaders.SOURCE_URI) != null) {
                    transactionsRejected++;
                }
            } else if (SinkRunner.STAGE.equals(stage)) {
                sunk++;
            }
        }

        DeadLetterTotals totals() {
            return new DeadLetterTotals(aggregated, transactionsRejected, sunk);
        }

        private static String text(Headers headers, String name) {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
