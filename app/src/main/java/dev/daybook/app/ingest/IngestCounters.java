package dev.daybook.app.ingest;

import dev.daybook.schemas.IngestProgress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The running counts behind {@link IngestStats}; updated by the workers as transactions commit. Thread-safe. */
final class IngestCounters {

    private final LongAdder objects = new LongAdder();
    private final LongAdder objectsSkipped = new LongAdder();
    private final LongAdder objectsFailed = new LongAdder();
    private final LongAdder objectsUnfinished = new LongAdder();
    private final LongAdder rowsRead = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder amountDisagreements = new LongAdder();
    private final LongAdder amountUnchecked = new LongAdder();
    private final Map<String, LongAdder> deadLettersByReason = new ConcurrentHashMap<>();

    /** What one object added between two committed states. */
    void committed(IngestProgress before, IngestProgress after) {
        rowsRead.add(after.rows() - before.rows());
        transactions.add(after.transactions() - before.transactions());
        skipped.add(after.skipped() - before.skipped());
        malformed.add(after.malformed() - before.malformed());
        bytes.add(after.byteOffset() - before.byteOffset());
        amountDisagreements.add(after.amountDisagreements() - before.amountDisagreements());
        amountUnchecked.add(after.amountUnchecked() - before.amountUnchecked());
    }

    void commit() {
        commits.increment();
    }

    /** The dead letters of a committed transaction. */
    void deadLettered(DeadLetterTally tally) {
        tally.byReason()
                .forEach((reason, count) -> deadLettersByReason
                        .computeIfAbsent(reason, key -> new LongAdder())
                        .add(count));
    }

    void finished(IngestProgress last) {
        switch (last.state()) {
            case DONE -> objects.increment();
            case FAILED -> objectsFailed.increment();
            case IN_PROGRESS -> objectsUnfinished.increment();
        }
    }

    void skippedObject() {
        objectsSkipped.increment();
    }

    IngestStats snapshot() {
        long failed = objectsFailed.sum();
        long badRows = malformed.sum();
        Map<String, Long> byReason = new TreeMap<>();
        deadLettersByReason.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new IngestStats(
                objects.sum(),
                objectsSkipped.sum(),
                failed,
                objectsUnfinished.sum(),
                rowsRead.sum(),
                transactions.sum(),
                skipped.sum(),
                badRows,
                badRows + failed,
                bytes.sum(),
                commits.sum(),
                amountDisagreements.sum(),
                amountUnchecked.sum(),
                byReason);
    }
}
