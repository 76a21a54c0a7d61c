package dev.daybook.app.ingest;

import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.IngestProgress;

/**
 * One object version being ingested, from the moment it is planned until its last progress is committed.
 * Its progress fields belong to its worker's thread; {@link #attempt} is read by readers too.
 */
final class ObjectTask {

    final SourceObject object;
    final Worker worker;
    /** Bumped when the worker aborts a transaction holding rows of this object: readers of older attempts stop. */
    volatile int attempt;
    /** As of the worker's last committed transaction. */
    IngestProgress committed;
    /** Including what the worker's open transaction holds. */
    IngestProgress pending;

    ObjectTask(SourceObject object, Worker worker, IngestProgress start) {
        this.object = object;
        this.worker = worker;
        this.committed = start;
        this.pending = start;
    }

    /** Only the task's worker thread calls this, so the read and the write need no lock; readers only read. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void nextAttempt() {
        attempt++;
    }

    @Override
    public String toString() {
        return object.id();
    }
}
