package dev.daybook.app.topology;

import dev.daybook.app.kafka.DeadLetterHeaderWriter;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.SourceRef;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Adds Daybook's {@link DeadLetterHeaders} to the dead-letter records Kafka Streams built (which already
 * carry its {@code __streams.errors.*} headers: exception, message, stack trace, topic, partition, offset).
 */
public final class DeadLetterStamp {

    /** The {@link DeadLetterHeaders#STAGE} of records the aggregation rejects. */
    public static final String STAGE = "aggregate";
    /** The header in which Kafka Streams names the topic a dead-lettered record was read from. */
    public static final String SOURCE_TOPIC = "__streams.errors.topic";

    private DeadLetterStamp() {}

    static void stamp(List<ProducerRecord<byte[], byte[]>> deadLetters, String reason, SourceRef source) {
        for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
            DeadLetterHeaderWriter headers = DeadLetterHeaderWriter.onto(deadLetter.headers(), STAGE, reason);
            if (source != null) {
                headers.sourceUri(source.uri())
                        .sourceGeneration(source.generation())
                        .sourceLine(source.line());
            }
        }
    }
}
