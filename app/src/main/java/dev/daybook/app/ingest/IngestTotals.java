package dev.daybook.app.ingest;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.IngestProgress;
import java.time.Duration;
import java.util.Collection;

/**
 * What ingesters have committed to a set of topics over all their runs, every source and instance: the sum
 * of the latest {@code ingest-progress} record of every object version, which the {@link ProgressIndex} keeps as it
 * takes each record in. Each record counts what its version wrote itself (see {@link ProgressStore#plan}), so every
 * row committed is counted once.
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

    /** Nothing ingested. */
    public static final IngestTotals NONE = new IngestTotals(0, 0, 0, 0, 0, 0, 0, 0);

    /** What the latest progress of one object version counts. */
    public static IngestTotals of(IngestProgress progress) {
        return new IngestTotals(
                progress.state() == IngestProgress.State.DONE ? 1 : 0,
                progress.state() == IngestProgress.State.FAILED ? 1 : 0,
                progress.rows(),
                progress.transactions(),
                progress.skipped(),
                progress.malformed(),
                progress.amountDisagreements(),
                progress.amountUnchecked());
    }

    /** The totals of the latest progress of each object version. */
    public static IngestTotals of(Collection<IngestProgress> latest) {
        return latest.stream().map(IngestTotals::of).reduce(NONE, IngestTotals::plus);
    }

    /**
     * The totals of all runs: those the progress index keeps, once it has taken in what was committed to its topic
     * since it was last brought up to date, committed records only.
     *
     * @throws IngestFailedException when the topic cannot be read
     */
    public static IngestTotals read(KafkaSettings kafka, ProgressIndex index) {
        new ProgressStore(index).catchUp(kafka, READ_TIMEOUT);
        return index.totals();
    }

    public IngestTotals plus(IngestTotals other) {
        return new IngestTotals(
                objects + other.objects,
                objectsFailed + other.objectsFailed,
                rowsRead + other.rowsRead,
                transactions + other.transactions,
                skipped + other.skipped,
                malformed + other.malformed,
                amountDisagreements + other.amountDisagreements,
                amountUnchecked + other.amountUnchecked);
    }

    public IngestTotals minus(IngestTotals other) {
        return new IngestTotals(
                objects - other.objects,
                objectsFailed - other.objectsFailed,
                rowsRead - other.rowsRead,
                transactions - other.transactions,
                skipped - other.skipped,
                malformed - other.malformed,
                amountDisagreements - other.amountDisagreements,
                amountUnchecked - other.amountUnchecked);
    }

    /** Records the ingester wrote to {@code dead-letter}: malformed rows and failed objects. */
    public long deadLettered() {
        return malformed + objectsFailed;
    }
}
