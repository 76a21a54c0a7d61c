package dev.daybook.app.ingest;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The ingester cannot go on: Kafka refuses it (e.g. fenced by another instance) or its progress cannot be read. */
public final class IngestFailedException extends RuntimeException {

    public IngestFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A topic the ingester reads whole at start ({@link dev.daybook.app.kafka.CommittedRecords}) could not be read. */
    static IngestFailedException cannotRead(String topic, KafkaException e) {
        if (e instanceof UnknownTopicOrPartitionException) {
            return new IngestFailedException(
                    "topic " + topic + " does not exist; Daybook creates it at start (TopicSetup)", e);
        }
        if (e instanceof TimeoutException) {
            return new IngestFailedException(e.getMessage(), e);
        }
        return new IngestFailedException("cannot read " + topic + ": " + e.getMessage(), e);
    }
}
