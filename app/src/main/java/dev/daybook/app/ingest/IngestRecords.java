package dev.daybook.app.ingest;

import static dev.daybook.schemas.DeadLetterHeaders.truncate;
import static dev.daybook.schemas.DeadLetterHeaders.utf8;

import dev.daybook.app.kafka.DeadLetterHeaderWriter;
import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.IngestProgress;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The Kafka records the ingester writes. Thread-safe. */
final class IngestRecords {

    /** The {@link DeadLetterHeaders#STAGE} of records the ingester rejects. */
    static final String STAGE = "ingest";

    /** The reason of a transaction whose record would be larger than the producer may send. */
    static final String RECORD_TOO_LARGE = "record_too_large";

    /**
     * A dead letter's value is cut to this size (less if the producer's limit leaves less room): a row can be up
     * to 1 MiB, which with the headers is more than a Kafka record may be by default, and its start is enough to
     * see what is wrong. The {@link DeadLetterHeaders#VALUE_TRUNCATED_FROM} header and the message say when it was cut.
     */
    static final int MAX_DEAD_LETTER_VALUE = 64 * 1024;
    /** Room for the truncation header and the note on the message when a value is cut. */
    private static final int TRUNCATION_NOTE_BYTES = 200;

    private final TopicCatalogue topics;
    private final RecordSizeLimit limit;

    IngestRecords(TopicCatalogue topics, RecordSizeLimit limit) {
        this.topics = topics;
        this.limit = limit;
    }

    /** Keyed by event id. */
    ProducerRecord<byte[], byte[]> transaction(Transaction transaction) {
        return new ProducerRecord<>(
                topics.transactions().name(),
                transaction.eventId().getBytes(StandardCharsets.US_ASCII),
                topics.transactions().serializeValue(transaction));
    }

    /** Whether the producer may send the record; a transaction that may not goes to {@link #oversized} instead. */
    boolean fits(ProducerRecord<byte[], byte[]> record) {
        return limit.fits(record);
    }

    /** A dead letter in place of a transaction record too large to send; its value is the start of that record's value. */
    ProducerRecord<byte[], byte[]> oversized(
            SourceObject object, byte[] uriKey, ProducerRecord<byte[], byte[]> tooLarge, long line) {
        return deadLetter(
                object,
                uriKey,
                tooLarge.value(),
                RECORD_TOO_LARGE,
                "the transaction record would be "
                        + RecordSizeLimit.sizeUpperBound(tooLarge)
                        + " bytes, more than the producer's max.request.size of "
                        + limit.maxBytes(),
                line);
    }

    /** Keyed by the object's URI; the value is the row as stored. */
    ProducerRecord<byte[], byte[]> malformedRow(SourceObject object, byte[] uriKey, Decoded.Malformed row) {
        return deadLetter(object, uriKey, row.raw(), row.reason().code(), row.message(), row.line());
    }

    /** Keyed by the object's URI; the value is what the failure says (e.g. the first bytes of a bad header), often empty. */
    ProducerRecord<byte[], byte[]> failedObject(SourceObject object, ObjectFailure failure) {
        return deadLetter(
                object, utf8(object.uri()), failure.value(), failure.reason(), failure.message(), failure.line());
    }

    /** Keyed by the object id. */
    ProducerRecord<byte[], byte[]> progress(IngestProgress value) {
        return new ProducerRecord<>(
                topics.ingestProgress().name(),
                utf8(value.objectId()),
                topics.ingestProgress().serializeValue(value));
    }

    /**
     * A dead letter that the producer can always send: its value is cut to what fits beside its key and headers,
     * {@link #MAX_DEAD_LETTER_VALUE} at most.
     */
    private ProducerRecord<byte[], byte[]> deadLetter(
            SourceObject object, byte[] key, byte[] value, String reason, String message, long line) {
        DeadLetterHeaderWriter headers =
                DeadLetterHeaderWriter.of(STAGE, reason).sourceUri(object.uri());
        if (object.generation() != 0) {
            headers.sourceGeneration(object.generation());
        }
        headers.sourceLine(line);
        String explained = truncate(message);
        int room = (int) Math.min(
                MAX_DEAD_LETTER_VALUE,
                limit.maxBytes()
                        - RecordSizeLimit.sizeUpperBound(
                                new ProducerRecord<>(topics.deadLetter().name(), null, key, null, headers.headers()))
                        - utf8(explained).length
                        - TRUNCATION_NOTE_BYTES);
        if (value.length > room) {
            int kept = Math.max(0, room);
            explained = truncate(message) + " (the value holds its first " + kept + " of " + value.length + " bytes)";
            headers.valueTruncatedFrom(value.length);
            value = Arrays.copyOf(value, kept);
        }
        headers.message(explained);
        return new ProducerRecord<>(topics.deadLetter().name(), null, key, value, headers.headers());
    }
}
