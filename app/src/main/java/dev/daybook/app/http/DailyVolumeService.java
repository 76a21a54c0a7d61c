package dev.daybook.app.http;

import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers daily-volume queries when several instances share the work: each partition of the
 * {@code daily-totals} store is read where it is active, this instance's directly, the others' through
 * {@link PeerClient}, and the parts are merged. A single row is read from its one owner.
 */
final class DailyVolumeService {

    private final DailyTotalsStore store;
    private final HostInfo self;
    private final PeerClient peers;

    DailyVolumeService(DailyTotalsStore store, HostInfo self, PeerClient peers) {
        this.store = store;
        this.self = self;
        this.peers = peers;
    }

    /** The rows of {@code page}, and one more if there is one ({@link DailyVolumeAnswer#page}). */
    DailyVolumeAnswer answer(DailyVolumeQuery query, DailyVolumePage page) throws StateUnavailableException {
        Map<HostInfo, Set<Integer>> placement = store.placement(query);
        List<CompletableFuture<DailyVolumeAnswer>> remote = new ArrayList<>();
        placement.forEach((host, partitions) -> {
            if (!host.equals(self)) {
                remote.add(peers.fetch(host, query, partitions, page));
            }
        });
        List<DailyVolumeAnswer> parts = new ArrayList<>();
        Set<Integer> own = placement.get(self);
        if (own != null) {
            parts.add(answerLocal(own, query, page));
        }
        try {
            remote.forEach(part -> parts.add(part.join()));
        } catch (CompletionException e) {
            remote.forEach(part -> part.cancel(true));
            if (e.getCause() instanceof PeerClient.PeerFailure failure) {
                throw failure.reason();
            }
            throw e;
        }
        return DailyVolumeAnswer.merge(parts).page(page);
    }

    /** The rows of {@code partitions}, which must all be active here (a request another instance forwarded). */
    DailyVolumeAnswer answerLocal(Set<Integer> partitions, DailyVolumeQuery query, DailyVolumePage page)
            throws StateUnavailableException {
        return DailyVolumeAnswer.of(store.readLocal(partitions, query)).page(page);
    }
}
