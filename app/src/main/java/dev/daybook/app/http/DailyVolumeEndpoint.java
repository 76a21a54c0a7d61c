package dev.daybook.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import dev.daybook.app.topology.StoredDailyVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/** {@code GET /api/daily-volume}: the daily-volume table, from the {@code daily-totals} store. */
final class DailyVolumeEndpoint implements Endpoint<DailyVolumeRow> {

    private static final TypeReference<List<DailyVolumeRow>> ROWS = new TypeReference<>() {};

    private final DailyTotalsStore store;

    DailyVolumeEndpoint(DailyTotalsStore store) {
        this.store = store;
    }

    @Override
    public String path() {
        return DaybookHttpServer.DAILY_VOLUME_PATH;
    }

    @Override
    public TypeReference<List<DailyVolumeRow>> rowsType() {
        return ROWS;
    }

    @Override
    public String cursorFormat() {
        return "date/project_id, like 2024-04-15/4974";
    }

    @Override
    public List<String> parseCursor(String after) {
        return ApiParams.datedCursor(after, List::of);
    }

    @Override
    public Map<HostInfo, Set<Integer>> placement(DailyVolumeQuery query) throws StateUnavailableException {
        return store.placement(query);
    }

    @Override
    public Answer<DailyVolumeRow> readLocal(Set<Integer> partitions, DailyVolumeQuery query)
            throws StateUnavailableException {
        List<StoredDailyVolume> stored = store.readLocal(partitions, query);
        return Answer.of(
                stored.stream().map(row -> DailyVolumeRow.of(row.row())).toList(),
                stored.stream().map(StoredDailyVolume::newestTransaction).max(Instant::compareTo));
    }
}
