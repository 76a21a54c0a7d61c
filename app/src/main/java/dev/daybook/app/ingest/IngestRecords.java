package dev.daybook.app.ingest;

import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Topics;
import dev.daybook.schemas.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The Kafka records the ingester writes. Thread-safe. */
final class IngestRecords {

    /** The {@link DeadLetterHeaders#STAGE} of records the ingester rejects. */
    static final String STAGE = "ingest";

    /**
     * A dead letter's value is cut to this size: a row can be up to 1 MiB, more than a Kafka record may be
     * by default. The message says when it was cut.
     */
    static final int MAX_DEAD_LETTER_VALUE = 512 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 1000;

    private final Topics topics;
    private final JsonSerde<Transaction> transactions = JsonSerde.of(Transaction.class);
    private final JsonSerde<IngestProgress> progress = JsonSerde.of(IngestProgress.class);

    IngestRecords(Topics topics) {
        this.topics = topics;
    }

    /** Keyed by event id. */
    ProducerRecord<byte[], byte[]> transaction(Transaction transaction) {
        String topic = topics.transactions();
        return new ProducerRecord<>(topic, transaction.eventId().getBytes(StandardCharsets.US_ASCII),
                transactions.serialize(topic, transaction));
    }

    /** Keyed by the object's URI; the value is the row as stored. */
    ProducerRecord<byte[], byte[]> malformedRow(SourceObject object, byte[] uriKey, Decoded.Malformed row) {
        return deadLetter(object, uriKey, row.raw(), row.reason().code(), row.message(), row.line());
    }

    /** Keyed by the object's URI; the value is what the failure says (e.g. the first bytes of a bad header), often empty. */
    ProducerRecord<byte[], byte[]> failedObject(SourceObject object, ObjectFailure failure) {
        return deadLetter(object, utf8(object.uri()), failure.value(), failure.reason(), failure.message(), failure.line());
    }

    /** Keyed by the object id. */
    ProducerRecord<byte[], byte[]> progress(IngestProgress value) {
        String topic = topics.ingestProgress();
        return new ProducerRecord<>(topic, utf8(value.objectId()), progress.serialize(topic, value));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(SourceObject object, byte[] key, byte[] value, String reason, String message,
                                                      long line) {
        String explained = message;
        if (value.length > MAX_DEAD_LETTER_VALUE) {
            value = Arrays.copyOf(value, MAX_DEAD_LETTER_VALUE);
            explained = message + " (the value holds the first " + MAX_DEAD_LETTER_VALUE + " bytes)";
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.STAGE, utf8(STAGE));
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.MESSAGE, utf8(truncate(explained)));
        headers.add(DeadLetterHeaders.SOURCE_URI, utf8(object.uri()));
        if (object.generation() != 0) {
            headers.add(DeadLetterHeaders.SOURCE_GENERATION, utf8(Long.toString(object.generation())));
        }
        headers.add(DeadLetterHeaders.SOURCE_LINE, utf8(Long.toString(line)));
        return new ProducerRecord<>(topics.deadLetter(), null, key, value, headers);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String message) {
        String text = String.valueOf(message);
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
