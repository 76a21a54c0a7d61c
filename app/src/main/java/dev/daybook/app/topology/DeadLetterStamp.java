package dev.daybook.app.topology;

import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.SourceRef;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Adds Daybook's {@link DeadLetterHeaders} to the dead-letter records Kafka Streams built (which already
 * carry its {@code __streams.errors.*} headers: exception, message, stack trace, topic, partition, offset).
 */
public final class DeadLetterStamp {

    /** The {@link DeadLetterHeaders#STAGE} of records the aggregation rejects. */
    public static final String STAGE = "aggregate";
    /** The header in which Kafka Streams names the topic a dead-lettered record was read from. */
    public static final String SOURCE_TOPIC = "__streams.errors.topic";

    private DeadLetterStamp() {
    }

    static void stamp(List<ProducerRecord<byte[], byte[]>> deadLetters, String reason, SourceRef source) {
        for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
            Headers headers = deadLetter.headers();
            add(headers, DeadLetterHeaders.STAGE, STAGE);
            add(headers, DeadLetterHeaders.REASON, reason);
            if (source != null) {
                add(headers, DeadLetterHeaders.SOURCE_URI, source.uri());
                add(headers, DeadLetterHeaders.SOURCE_GENERATION, Long.toString(source.generation()));
                add(headers, DeadLetterHeaders.SOURCE_LINE, Long.toString(source.line()));
            }
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, DeadLetterHeaders.utf8(value));
    }
}
