package dev.daybook.app.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How much of some partitions is held by transactions still open: the offsets between each partition's last stable
 * offset (where read-committed consumers stop) and its high watermark. Zero when every record written to them so far
 * is committed or aborted.
 */
public final class OpenTransactions {

    private OpenTransactions() {}

    public static long offsets(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> stable = LastStableOffsets.of(admin, partitions);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        return admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get()
                .entrySet()
                .stream()
                .mapToLong(end -> end.getValue().offset() - stable.get(end.getKey()))
                .sum();
    }
}
