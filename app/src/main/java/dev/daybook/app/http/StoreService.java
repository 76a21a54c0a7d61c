package dev.daybook.app.http;

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
 * Answers an endpoint's queries when several instances share the work: each partition of its store is read
 * where it is active, this instance's directly, the others' through {@link PeerClient}, and the parts are
 * merged.
 */
final class StoreService<R extends ApiRow> {

    private final Endpoint<R> endpoint;
    private final HostInfo self;
    private final PeerClient peers;

    StoreService(Endpoint<R> endpoint, HostInfo self, PeerClient peers) {
        this.endpoint = endpoint;
        this.self = self;
        this.peers = peers;
    }

    Endpoint<R> endpoint() {
        return endpoint;
    }

    /** The rows of {@code page}, and one more if there is one ({@link Answer#page}). */
    Answer<R> answer(DailyVolumeQuery query, Page page) throws StateUnavailableException {
        Map<HostInfo, Set<Integer>> placement = endpoint.placement(query);
        List<CompletableFuture<Answer<R>>> remote = new ArrayList<>();
        placement.forEach((host, partitions) -> {
            if (!host.equals(self)) {
                remote.add(peers.fetch(endpoint, host, query, partitions, page));
            }
        });
        List<Answer<R>> parts = new ArrayList<>();
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
        return Answer.merge(parts).page(page);
    }

    /** The rows of {@code partitions}, which must all be active here (a request another instance forwarded). */
    Answer<R> answerLocal(Set<Integer> partitions, DailyVolumeQuery query, Page page) throws StateUnavailableException {
        return endpoint.readLocal(partitions, query).page(page);
    }
}
