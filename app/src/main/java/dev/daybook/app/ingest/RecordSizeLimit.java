package dev.daybook.app.ingest;

import dev.daybook.app.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The largest record the ingester's producers may send: their {@code max.request.size}. A larger record fails
 * its send, which aborts the whole Kafka transaction, and would again on every retry; so the ingester measures
 * each record before sending it.
 *
 * @param maxBytes the producer's {@code max.request.size}
 */
record RecordSizeLimit(int maxBytes) {

    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** The smallest {@code max.request.size} the ingester works with: a dead letter with a 64 KiB value and its headers. */
    static final int MIN_MAX_REQUEST_SIZE = 128 * 1024;
    /**
     * More than what Kafka adds to a record's key, value and headers when it checks the size: a batch header
     * (61 bytes), a record header (at most 21) and the header count (at most 5).
     */
    private static final int RECORD_OVERHEAD = 128;
    /** Two varint lengths of at most 5 bytes each. */
    private static final int HEADER_OVERHEAD = 10;

    RecordSizeLimit {
        if (maxBytes < MIN_MAX_REQUEST_SIZE) {
            throw new IllegalArgumentException(
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " is " + maxBytes + " bytes; the ingester needs at least "
                            + MIN_MAX_REQUEST_SIZE + ": raise it in the --kafka-config file");
        }
    }

    /** The limit of producers configured with these client properties (a {@code --kafka-config} file may set it). */
    static RecordSizeLimit of(KafkaSettings kafka) {
        Object configured = kafka.clientProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return new RecordSizeLimit(DEFAULT_MAX_REQUEST_SIZE);
        }
        try {
            return new RecordSizeLimit(Integer.parseInt(configured.toString().strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " '" + configured
                    + "' in the Kafka client properties is not a number of bytes");
        }
    }

    /** At least the size Kafka's producer computes for the record before it sends it. */
    static long sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        long size = (long) RECORD_OVERHEAD + length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            size += (long) HEADER_OVERHEAD
                    + header.key().getBytes(StandardCharsets.UTF_8).length
                    + length(header.value());
        }
        return size;
    }

    boolean fits(ProducerRecord<byte[], byte[]> record) {
        return sizeUpperBound(record) <= maxBytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
