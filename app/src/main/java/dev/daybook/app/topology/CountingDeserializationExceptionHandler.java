package dev.daybook.app.topology;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record whose key or value cannot be read (not JSON, or rejected by the record's validation) is
 * logged, sent to the dead-letter topic by Kafka Streams (KIP-1034) with Daybook's headers added,
 * counted, and skipped.
 */
public final class CountingDeserializationExceptionHandler extends LogAndContinueExceptionHandler {

    static final String REASON = "deserialization_failed";

    private DeadLetterCounter counter;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counter = DeadLetterCounter.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        DeadLetterStamp.stamp(response.deadLetterQueueRecords(), REASON, null);
        counter.increment(record.topic(), REASON);
        return response;
    }
}
