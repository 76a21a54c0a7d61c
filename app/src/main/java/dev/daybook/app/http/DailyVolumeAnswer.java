package dev.daybook.app.http;

import dev.daybook.app.topology.StoredDailyVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Rows for the API and when the newest of them last changed (sent as {@code Last-Modified}, which is how
 * the dashboard shows freshness and how a forwarding instance learns it from the others).
 */
record DailyVolumeAnswer(List<DailyVolumeRow> rows, Optional<Instant> lastModified) {

    static DailyVolumeAnswer of(Collection<StoredDailyVolume> stored) {
        List<DailyVolumeRow> rows = stored.stream()
                .map(row -> DailyVolumeRow.of(row.row()))
                .sorted(DailyVolumeRow.ORDER)
                .toList();
        Optional<Instant> newest =
                stored.stream().map(StoredDailyVolume::newestTransaction).max(Instant::compareTo);
        return new DailyVolumeAnswer(rows, newest);
    }

    /**
     * The rows of {@code page}, and one more if there is one: the first {@code limit + 1} rows after its cursor, so
     * that whoever merges parts can tell whether a next page exists.
     */
    DailyVolumeAnswer page(DailyVolumePage page) {
        return new DailyVolumeAnswer(
                rows.stream().filter(page::includes).limit(page.limit() + 1L).toList(), lastModified);
    }

    /** The union of the parts' rows, in the API's order, modified when the latest part was. */
    static DailyVolumeAnswer merge(Collection<DailyVolumeAnswer> parts) {
        List<DailyVolumeRow> rows = new ArrayList<>();
        Optional<Instant> newest = Optional.empty();
        for (DailyVolumeAnswer part : parts) {
            rows.addAll(part.rows());
            if (part.lastModified().isPresent()
                    && (newest.isEmpty() || part.lastModified().get().isAfter(newest.get()))) {
                newest = part.lastModified();
            }
        }
        rows.sort(DailyVolumeRow.ORDER);
        return new DailyVolumeAnswer(List.copyOf(rows), newest);
    }
}
