package dev.daybook.app.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka client interceptor, given to a Daybook process through {@code --kafka-config}, that throws an
 * {@link OutOfMemoryError} once, in the first thread whose name contains {@value #THREAD} that sends or receives
 * records: the Error a reader, worker, sink or stream thread could meet, thrown in that very thread. Kafka calls
 * interceptors on the thread that calls {@code send} and {@code poll} and catches only exceptions, not Errors.
 *
 * <pre>
 * interceptor.classes=dev.daybook.app.testing.ErrorInjector
 * daybook.test.error-thread=daybook-sink
 * </pre>
 */
public final class ErrorInjector implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    /** The client property naming (part of) the thread to fail. */
    public static final String THREAD = "daybook.test.error-thread";

    private static final AtomicBoolean THROWN = new AtomicBoolean();

    private String thread = "";

    /** The {@code --kafka-config} lines that fail the first thread whose name contains {@code threadName}. */
    public static String clientProperties(String threadName) {
        return "interceptor.classes=" + ErrorInjector.class.getName() + "\n" + THREAD + "=" + threadName + "\n";
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(THREAD);
        thread = configured == null ? "" : configured.toString();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        failHere();
        return record;
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        failHere();
        return records;
    }

    private void failHere() {
        String current = Thread.currentThread().getName();
        if (!thread.isEmpty() && current.contains(thread) && THROWN.compareAndSet(false, true)) {
            throw new OutOfMemoryError("Java heap space (injected by the test in " + current + ")");
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}
}
