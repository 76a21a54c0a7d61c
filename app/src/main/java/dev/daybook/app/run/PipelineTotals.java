package dev.daybook.app.run;

import dev.daybook.app.ingest.IngestTotals;
import dev.daybook.app.ingest.ProgressIndex;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import java.util.List;

/**
 * The cumulative figures of the {@code --once} summary: everything the pipeline of a set of topics has
 * ingested and aggregated, over all runs, so that they describe the whole daily-volume table printed with them.
 *
 * <p>No topic records how many duplicates the aggregation dropped over all runs, so they are derived: every
 * transaction the ingester committed is counted in the table, dropped as a duplicate, or dead-lettered by the
 * aggregation, hence duplicates = transactions − Σ {@code num_transactions} of the table − transactions the
 * aggregation dead-lettered ({@link DeadLetterTotals#transactionsRejected()}). Exact as long as only the
 * ingester writes to {@code transactions}.
 */
public final class PipelineTotals {

    private PipelineTotals() {}

    /**
     * Reads the ingesters' totals from the progress index, brought up to date, and the dead-letter topic; call it
     * once the aggregation and the sink have caught up, with the table they produced.
     */
    public static RunSummary.Counts read(
            KafkaSettings kafka, TopicCatalogue topics, ProgressIndex progress, List<DailyVolume> table) {
        return of(IngestTotals.read(kafka, progress), DeadLetterTotals.read(kafka, topics), table);
    }

    static RunSummary.Counts of(IngestTotals ingested, DeadLetterTotals deadLetters, List<DailyVolume> table) {
        long counted = table.stream().mapToLong(DailyVolume::numTransactions).sum();
        return new RunSummary.Counts(
                ingested.rowsRead(),
                ingested.transactions(),
                ingested.transactions() - counted - deadLetters.transactionsRejected(),
                ingested.skipped(),
                ingested.deadLettered() + deadLetters.aggregated() + deadLetters.sunk(),
                ingested.objects(),
                ingested.amountDisagreements(),
                ingested.amountUnchecked());
    }
}
