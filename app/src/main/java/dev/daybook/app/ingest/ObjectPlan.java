package dev.daybook.app.ingest;

import dev.daybook.schemas.IngestProgress;

/** What to do with an object version the source lists, given what was ingested before. */
sealed interface ObjectPlan {

    /**
     * Read the object from {@code from}: its start, or where it (or a same-content version) stopped; or, with
     * {@code --retry-failed}, where it failed ({@code retriedFailure} is then that failed progress, else null).
     */
    record Read(IngestProgress from, IngestProgress retriedFailure) implements ObjectPlan {}

    /** Do not read it: {@code why}, for the log. */
    record Skip(String why) implements ObjectPlan {}
}
