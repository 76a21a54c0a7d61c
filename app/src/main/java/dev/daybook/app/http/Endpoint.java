package dev.daybook.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One API path answered from a state store of the topology: where the store's partitions live, how this
 * instance reads its own, and how the path's rows and cursors read. {@link StoreService} answers any of them
 * the same way, forwarding to other instances as needed.
 */
interface Endpoint<R extends ApiRow> {

    String path();

    /** The JSON type of an answer's body, for reading a peer's answer. */
    TypeReference<List<R>> rowsType();

    /** How a cursor reads, for error messages, e.g. {@code date/project_id, like 2024-04-15/4974}. */
    String cursorFormat();

    /** The parts of an {@code after} cursor, or null when it is not one of this path's. */
    List<String> parseCursor(String after);

    /** The instances holding the partitions {@code query} needs, with those partitions. */
    Map<HostInfo, Set<Integer>> placement(DailyVolumeQuery query) throws StateUnavailableException;

    /** The rows {@code query} asks for among {@code partitions}, all of which this instance must hold actively. */
    Answer<R> readLocal(Set<Integer> partitions, DailyVolumeQuery query) throws StateUnavailableException;
}
