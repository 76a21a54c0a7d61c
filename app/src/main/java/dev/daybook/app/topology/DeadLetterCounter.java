package dev.daybook.app.topology;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigException;

/**
 * Counts the records the topology sent to the dead-letter topic, by the topic they were read from.
 * Kafka Streams instantiates its exception handlers itself, so the one counter instance reaches them
 * through the Streams properties under {@link #CONFIG} (see {@link StreamsSettings#properties}).
 */
public final class DeadLetterCounter {

    /** Streams property holding the {@link DeadLetterCounter} instance the exception handlers count into. */
    public static final String CONFIG = "daybook.dead.letter.counter";

    private final Map<String, LongAdder> byTopic = new ConcurrentHashMap<>();
    private final Listener listener;

    /** Told of every dead letter as it is counted, e.g. to feed a metrics registry. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param stage  the {@code daybook.stage} header the dead letter carries
         * @param reason its {@code daybook.reason} header
         */
        void deadLettered(String stage, String reason);
    }

    public DeadLetterCounter() {
        this((stage, reason) -> {});
    }

    public DeadLetterCounter(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Counts one dead letter from {@code topic} (null for a record a punctuator produced) rejected for {@code reason}. */
    public void increment(String topic, String reason) {
        byTopic.computeIfAbsent(String.valueOf(topic), t -> new LongAdder()).increment();
        listener.deadLettered(DeadLetterStamp.STAGE, reason);
    }

    public long count(String topic) {
        LongAdder adder = byTopic.get(topic);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return byTopic.values().stream().mapToLong(LongAdder::sum).sum();
    }

    static DeadLetterCounter from(Map<String, ?> configs) {
        if (configs.get(CONFIG) instanceof DeadLetterCounter counter) {
            return counter;
        }
        throw new ConfigException(
                CONFIG,
                configs.get(CONFIG),
                "must hold a DeadLetterCounter instance; build the Streams properties with StreamsSettings");
    }
}
