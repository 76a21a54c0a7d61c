package dev.daybook.app.ingest;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;

/**
 * What ingesters have committed to a set of topics over all their runs, every source and instance: the sum
 * of the latest {@code ingest-progress} record of every object version. Each record counts what its version
 * wrote itself (see {@link ProgressStore#plan}), so every row committed is counted once.
 *
 * @param objects       object versions ingested to their end ({@code DONE})
 * @param objectsFailed object versions dead-lettered as a whole ({@code FAILED}), one dead letter each
 * @param rowsRead      rows committed: transactions + skipped + malformed, of finished and part-read versions
 * @param transactions  rows written to {@code transactions}
 * @param skipped       rows of other event types
 * @param malformed     rows written to {@code dead-letter}
 * @param amountDisagreements transactions whose decimal amount disagrees with their raw one
 * @param amountUnchecked transactions with both amounts whose currency's decimals were not known when ingested
 */
public record IngestTotals(
        long objects,
        long objectsFailed,
        long rowsRead,
        long transactions,
        long skipped,
        long malformed,
        long amountDisagreements,
        long amountUnchecked) {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /** The totals of the latest progress of each object version. */
    public static IngestTotals of(Collection<IngestProgress> latest) {
        long objects = 0;
        long failed = 0;
        long rows = 0;
        long transactions = 0;
        long skipped = 0;
        long malformed = 0;
        long disagreements = 0;
        long unchecked = 0;
        for (IngestProgress progress : latest) {
            objects += progress.state() == IngestProgress.State.DONE ? 1 : 0;
            failed += progress.state() == IngestProgress.State.FAILED ? 1 : 0;
            rows += progress.rows();
            transactions += progress.transactions();
            skipped += progress.skipped();
            malformed += progress.malformed();
            disagreements += progress.amountDisagreements();
            unchecked += progress.amountUnchecked();
        }
        return new IngestTotals(objects, failed, rows, transactions, skipped, malformed, disagreements, unchecked);
    }

    /**
     * Reads {@code ingest-progress} from its beginning to its last stable offsets, committed records only.
     *
     * @throws IngestFailedException when the topic cannot be read
     */
    public static IngestTotals read(KafkaSettings kafka, TopicCatalogue topics) {
        Topic<String, IngestProgress> topic = topics.ingestProgress();
        Map<String, IngestProgress> latest = new HashMap<>();
        try {
            CommittedRecords.read(kafka, topic.name(), READ_TIMEOUT, record -> {
                String key = CommittedRecords.key(record);
                if (record.value() == null) {
                    latest.remove(key);
                    return;
                }
                try {
                    IngestProgress progress = topic.deserializeValue(record.value());
                    latest.put(progress.objectId(), progress);
                } catch (RuntimeException e) {
                    // not a progress record: the ingester warns of it as it loads the progress, and skips it too
                }
            });
        } catch (KafkaException e) {
            throw IngestFailedException.cannotRead(topic.name(), e);
        }
        return of(latest.values());
    }

    /** Records the ingester wrote to {@code dead-letter}: malformed rows and failed objects. */
    public long deadLettered() {
        return malformed + objectsFailed;
    }
}
