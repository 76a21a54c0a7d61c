package dev.daybook.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.daybook.app.topology.CurrencyVolumeStore;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import dev.daybook.app.topology.StoredCurrencyVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/** {@code GET /api/currency-volume}: volume per day, project, chain and currency, from the priced buckets. */
final class CurrencyVolumeEndpoint implements Endpoint<CurrencyVolumeRow> {

    private static final TypeReference<List<CurrencyVolumeRow>> ROWS = new TypeReference<>() {};

    private final CurrencyVolumeStore store;

    CurrencyVolumeEndpoint(CurrencyVolumeStore store) {
        this.store = store;
    }

    @Override
    public String path() {
        return DaybookHttpServer.CURRENCY_VOLUME_PATH;
    }

    @Override
    public TypeReference<List<CurrencyVolumeRow>> rowsType() {
        return ROWS;
    }

    @Override
    public String cursorFormat() {
        return "date/project_id/chain_id/currency_address, like 2024-04-15/4974/137/0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";
    }

    /** The project id may hold slashes, the chain id (digits) and the currency address cannot. */
    @Override
    public List<String> parseCursor(String after) {
        return ApiParams.datedCursor(after, rest -> {
            int last = rest.lastIndexOf('/');
            int chainStart = last <= 0 ? -1 : rest.lastIndexOf('/', last - 1);
            if (chainStart <= 0 || last == rest.length() - 1) {
                return null;
            }
            String chain = rest.substring(chainStart + 1, last);
            if (!chain.matches("\\d{1,18}")) {
                return null;
            }
            return List.of(rest.substring(0, chainStart), chain, rest.substring(last + 1));
        });
    }

    @Override
    public Map<HostInfo, Set<Integer>> placement(DailyVolumeQuery query) throws StateUnavailableException {
        return store.placement();
    }

    @Override
    public Answer<CurrencyVolumeRow> readLocal(Set<Integer> partitions, DailyVolumeQuery query)
            throws StateUnavailableException {
        List<StoredCurrencyVolume> stored = store.readLocal(partitions, query);
        return Answer.of(
                stored.stream().map(CurrencyVolumeRow::of).toList(),
                stored.stream().map(StoredCurrencyVolume::newestTransaction).max(Instant::compareTo));
    }
}
