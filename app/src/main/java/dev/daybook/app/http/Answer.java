package dev.daybook.app.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Rows for the API and when the newest of them last changed (sent as {@code Last-Modified}, which is how
 * the dashboard shows freshness and how a forwarding instance learns it from the others).
 */
record Answer<R extends ApiRow>(List<R> rows, Optional<Instant> lastModified) {

    /** {@code rows} in the API's order. */
    static <R extends ApiRow> Answer<R> of(Collection<R> rows, Optional<Instant> lastModified) {
        return new Answer<>(rows.stream().sorted(ApiRow.ORDER).toList(), lastModified);
    }

    /**
     * The rows of {@code page}, and one more if there is one: the first {@code limit + 1} rows after its cursor, so
     * that whoever merges parts can tell whether a next page exists.
     */
    Answer<R> page(Page page) {
        return new Answer<>(
                rows.stream().filter(page::includes).limit(page.limit() + 1L).toList(), lastModified);
    }

    /** The union of the parts' rows, in the API's order, modified when the latest part was. */
    static <R extends ApiRow> Answer<R> merge(Collection<Answer<R>> parts) {
        List<R> rows = new ArrayList<>();
        Optional<Instant> newest = Optional.empty();
        for (Answer<R> part : parts) {
            rows.addAll(part.rows());
            if (part.lastModified().isPresent()
                    && (newest.isEmpty() || part.lastModified().get().isAfter(newest.get()))) {
                newest = part.lastModified();
            }
        }
        rows.sort(ApiRow.ORDER);
        return new Answer<>(List.copyOf(rows), newest);
    }
}
