package dev.daybook.app.ingest;

import dev.daybook.app.kafka.CommittedRecords;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.TransactionSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** What a topic holds in committed transactions, read back as a read_committed consumer sees it. */
final class Committed {

    private static final TransactionSerde TRANSACTIONS = new TransactionSerde();
    private static final JsonSerde<IngestProgress> PROGRESS = JsonSerde.of(IngestProgress.class);

    private Committed() {}

    /** Every committed record, up to the last stable offsets at the time of the call. */
    static List<ConsumerRecord<byte[], byte[]>> records(KafkaSettings kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        read(kafka, topic, records::add);
        return records;
    }

    /** How many committed records the topic has, without keeping them. */
    static long count(KafkaSettings kafka, String topic) {
        long[] count = {0};
        read(kafka, topic, record -> count[0]++);
        return count[0];
    }

    private static void read(KafkaSettings kafka, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        CommittedRecords.read(kafka, topic, Duration.ofMinutes(1), each);
    }

    static List<Transaction> transactions(KafkaSettings kafka, String topic) {
        return records(kafka, topic).stream()
                .map(r -> {
                    Transaction t = TRANSACTIONS.deserialize(topic, r.value());
                    if (!t.eventId().equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                        throw new AssertionError("key " + new String(r.key(), StandardCharsets.US_ASCII)
                                + " is not the event id of " + t);
                    }
                    return t;
                })
                .toList();
    }

    /** The newest committed progress of each object id. */
    static Map<String, IngestProgress> progress(KafkaSettings kafka, String topic) {
        Map<String, IngestProgress> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records(kafka, topic)) {
            IngestProgress progress = PROGRESS.deserialize(topic, record.value());
            if (!progress.objectId().equals(new String(record.key(), StandardCharsets.UTF_8))) {
                throw new AssertionError("key is not the object id of " + progress);
            }
            latest.merge(progress.objectId(), progress, (older, newer) -> newer);
        }
        return latest;
    }

    /** The record's headers as text, by name. */
    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
