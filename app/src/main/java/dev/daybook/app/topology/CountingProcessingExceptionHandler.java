package dev.daybook.app.topology;

import dev.daybook.schemas.Transaction;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that a processor rejects (for instance a transaction not keyed by its event id) is logged,
 * sent to the dead-letter topic by Kafka Streams (KIP-1034) with Daybook's headers added (and where it
 * came from, when it is a transaction), counted, and skipped.
 */
public final class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    static final String REASON = "processing_failed";

    private DeadLetterCounter counter;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counter = DeadLetterCounter.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        DeadLetterStamp.stamp(
                response.deadLetterQueueRecords(),
                REASON,
                record.value() instanceof Transaction transaction ? transaction.source() : null);
        counter.increment(context.topic(), REASON);
        return response;
    }
}
