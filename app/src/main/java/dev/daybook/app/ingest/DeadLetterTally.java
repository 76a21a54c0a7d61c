package dev.daybook.app.ingest;

import dev.daybook.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How many dead letters some records hold, by their {@link DeadLetterHeaders#REASON} header. Not thread-safe:
 * a worker keeps one for its open Kafka transaction and hands it on when the transaction commits.
 */
final class DeadLetterTally {

    private final Map<String, Long> byReason = new TreeMap<>();

    /** Counts the record if it is a dead letter: of the records the ingester writes, only those carry a reason. */
    void count(ProducerRecord<byte[], byte[]> record) {
        Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
        if (reason != null) {
            byReason.merge(new String(reason.value(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
    }

    /** The dead letters counted, by reason code. */
    Map<String, Long> byReason() {
        return byReason;
    }

    void clear() {
        byReason.clear();
    }
}
