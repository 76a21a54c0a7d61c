package dev.daybook.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.csv.Decoded;
import dev.daybook.connectors.csv.MalformedReason;
import dev.daybook.connectors.csv.Position;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.SourceRef;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/** No record the ingester produces may be larger than its producers send: a larger one would abort every transaction it is in. */
class IngestRecordsTest {

    private static final String URI = "file:///data/events/a.csv";
    private static final SourceObject OBJECT = new SourceObject(URI, 7, 10, "sha256:00", Instant.EPOCH, false);
    private static final byte[] URI_KEY = URI.getBytes(StandardCharsets.UTF_8);
    private static final RecordSizeLimit DEFAULT_LIMIT = new RecordSizeLimit(RecordSizeLimit.DEFAULT_MAX_REQUEST_SIZE);

    private final IngestRecords records = new IngestRecords(TopicCatalogue.forPrefix("t."), DEFAULT_LIMIT);

    @Test
    void aTransactionRecordOverTheProducersLimitIsReplacedByADeadLetterThatFits() {
        // a transaction larger than the producer may send, whatever column made it so
        Transaction huge = new Transaction(
                "0123456789abcdef0123456789abcdef",
                1_713_147_307_167L,
                "BUY_ITEMS",
                "x".repeat(1_100_000),
                137,
                "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05",
                "SFL",
                BigInteger.TEN,
                null,
                new SourceRef(URI, 7, 5));
        ProducerRecord<byte[], byte[]> transaction = records.transaction(huge);
        assertThat(transaction.value().length).isGreaterThan(RecordSizeLimit.DEFAULT_MAX_REQUEST_SIZE);
        assertThat(records.fits(transaction)).isFalse();

        ProducerRecord<byte[], byte[]> deadLetter = records.oversized(OBJECT, URI_KEY, transaction, 5);

        assertThat(records.fits(deadLetter)).isTrue();
        assertThat(kafkaSize(deadLetter)).isLessThanOrEqualTo(RecordSizeLimit.DEFAULT_MAX_REQUEST_SIZE);
        assertThat(deadLetter.topic()).isEqualTo("t.dead-letter");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("record_too_large");
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_URI)).isEqualTo(URI);
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("5");
        assertThat(header(deadLetter, DeadLetterHeaders.VALUE_TRUNCATED_FROM))
                .isEqualTo(Integer.toString(transaction.value().length));
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .startsWith("the transaction record would be ")
                .contains("more than the producer's max.request.size of 1048576");
        assertThat(deadLetter.value())
                .isEqualTo(Arrays.copyOf(transaction.value(), IngestRecords.MAX_DEAD_LETTER_VALUE));
    }

    @Test
    void aDeadLetteredRowOfOneMebibyteKeepsItsFirst64KiBAndSaysHowLongItWas() {
        byte[] raw = new byte[1 << 20];
        Arrays.fill(raw, (byte) 'x');
        Decoded.Malformed row = new Decoded.Malformed(
                MalformedReason.ROW_TOO_LONG, "the row is longer than 1048576 bytes", raw, 3, new Position(100, 4));

        ProducerRecord<byte[], byte[]> deadLetter = records.malformedRow(OBJECT, URI_KEY, row);

        assertThat(deadLetter.value()).hasSize(IngestRecords.MAX_DEAD_LETTER_VALUE);
        assertThat(header(deadLetter, DeadLetterHeaders.VALUE_TRUNCATED_FROM)).isEqualTo("1048576");
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .isEqualTo("the row is longer than 1048576 bytes (the value holds its first 65536 of 1048576 bytes)");
        assertThat(kafkaSize(deadLetter)).isLessThan(RecordSizeLimit.DEFAULT_MAX_REQUEST_SIZE);
    }

    @Test
    void aShortRowIsDeadLetteredWholeWithoutTheTruncationHeader() {
        byte[] raw = "\"a\",\"b\"".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> deadLetter = records.malformedRow(
                OBJECT,
                URI_KEY,
                new Decoded.Malformed(
                        MalformedReason.WRONG_COLUMN_COUNT,
                        "expected 16 columns, found 2",
                        raw,
                        2,
                        new Position(50, 3)));

        assertThat(deadLetter.value()).isEqualTo(raw);
        assertThat(deadLetter.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED_FROM))
                .isNull();
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).isEqualTo("expected 16 columns, found 2");
    }

    @Test
    void withTheSmallestAllowedMaxRequestSizeAndALongUriADeadLetterStillFits() {
        String longUri = "file:///" + "d/".repeat(4000) + "a.csv";
        SourceObject object = new SourceObject(longUri, 0, 10, "sha256:00", Instant.EPOCH, false);
        IngestRecords small = new IngestRecords(
                TopicCatalogue.forPrefix("t."), new RecordSizeLimit(RecordSizeLimit.MIN_MAX_REQUEST_SIZE));
        Decoded.Malformed row = new Decoded.Malformed(
                MalformedReason.ROW_TOO_LONG, "é".repeat(5000), new byte[1 << 20], 3, new Position(100, 4));

        ProducerRecord<byte[], byte[]> deadLetter =
                small.malformedRow(object, longUri.getBytes(StandardCharsets.UTF_8), row);

        assertThat(kafkaSize(deadLetter)).isLessThanOrEqualTo(RecordSizeLimit.MIN_MAX_REQUEST_SIZE);
        assertThat(RecordSizeLimit.sizeUpperBound(deadLetter))
                .isLessThanOrEqualTo(RecordSizeLimit.MIN_MAX_REQUEST_SIZE);
        assertThat(deadLetter.value().length).isPositive();
    }

    @Test
    void theLimitIsTheProducersMaxRequestSizeFromTheKafkaConfigAndTooSmallAOneIsRefused() {
        assertThat(RecordSizeLimit.of(KafkaSettings.of("localhost:9092")).maxBytes())
                .isEqualTo(1_048_576);
        assertThat(RecordSizeLimit.of(KafkaSettings.of("localhost:9092", Map.of("max.request.size", "2097152")))
                        .maxBytes())
                .isEqualTo(2_097_152);
        assertThatThrownBy(() ->
                        RecordSizeLimit.of(KafkaSettings.of("localhost:9092", Map.of("max.request.size", "65536"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "max.request.size is 65536 bytes; the ingester needs at least 131072: raise it in the --kafka-config file");
        assertThatThrownBy(
                        () -> RecordSizeLimit.of(KafkaSettings.of("localhost:9092", Map.of("max.request.size", "1MB"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max.request.size '1MB' in the Kafka client properties is not a number of bytes");
    }

    @Test
    void theSizeBoundIsNeverBelowWhatTheProducerComputes() {
        ProducerRecord<byte[], byte[]> deadLetter = records.malformedRow(
                OBJECT,
                URI_KEY,
                new Decoded.Malformed(
                        MalformedReason.BAD_TS,
                        "ts 'x' is not a UTC time",
                        new byte[300_000],
                        9,
                        new Position(10, 10)));
        Transaction small = new Transaction(
                "0123456789abcdef0123456789abcdef",
                1L,
                "BUY_ITEMS",
                "4974",
                137,
                "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05",
                null,
                BigInteger.ONE,
                null,
                new SourceRef(URI, 0, 2));

        for (ProducerRecord<byte[], byte[]> record : java.util.List.of(deadLetter, records.transaction(small))) {
            assertThat(RecordSizeLimit.sizeUpperBound(record)).isGreaterThanOrEqualTo(kafkaSize(record));
        }
    }

    /** The size the producer checks against max.request.size before it sends a record. */
    private static int kafkaSize(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.ZSTD,
                record.key(),
                record.value(),
                record.headers().toArray());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
