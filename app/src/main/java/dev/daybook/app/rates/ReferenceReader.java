package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicPartitions;
import dev.daybook.connectors.rates.coingecko.MarketSnapshot;
import dev.daybook.schemas.Rate;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code tokens}, {@code rates} and {@code rates-needs} topics from their beginning, and
 * keeps following them, into the {@link RatesMemory}. Without a consumer group: every start reads them whole.
 * An unreadable token or rate counts as absent (the topology dead-letters it), so the service fetches a
 * good one in its place.
 */
final class ReferenceReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceReader.class);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(200);

    private final TopicCatalogue topics;
    private final RatesMemory memory;
    private final RatesMetrics metrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, NeedsRecord> needs;
    private List<TopicPartition> partitions = List.of();

    ReferenceReader(KafkaSettings kafka, TopicCatalogue topics, RatesMemory memory, RatesMetrics metrics) {
        this.topics = topics;
        this.needs = NeedsRecord.topic(topics);
        this.memory = memory;
        this.metrics = metrics;
        this.consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
    }

    /** Starts reading every partition of the three topics from the beginning. */
    void open() throws RatesFailedException {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(topics.tokens().name(), topics.rates().name(), needs.name())) {
            all.addAll(TopicPartitions.of(consumer, topic, message -> new RatesFailedException(message, null)));
        }
        partitions = List.copyOf(all);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until every partition's committed records as of now are read. */
    void catchUp(BooleanSupplier closing) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (!closing.getAsBoolean() && !reached(ends)) {
            poll(CATCH_UP_POLL);
        }
    }

    /** Reads what has arrived, waiting at most {@code timeout} for it. */
    void poll(Duration timeout) {
        consumer.poll(timeout).forEach(this::read);
    }

    void wakeup() {
        consumer.wakeup();
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            unreadable(record, "no key");
            return;
        }
        try {
            if (record.topic().equals(topics.tokens().name())) {
                memory.token(
                        key, record.value() == null ? null : topics.tokens().deserializeValue(record.value()));
            } else if (record.topic().equals(topics.rates().name())) {
                Rate rate = record.value() == null ? null : topics.rates().deserializeValue(record.value());
                if (rate != null && rate.source().equals(MarketSnapshot.SOURCE)) {
                    memory.marketRate(key, dayOf(key));
                } else {
                    memory.rate(key, rate != null); // only a readable rate counts
                }
            } else {
                memory.needsRecord(key, record.value() == null ? null : needs.deserializeValue(record.value()));
            }
        } catch (SerializationException e) {
            unreadable(record, e.getMessage());
            if (record.topic().equals(topics.tokens().name())) {
                memory.token(key, null);
            } else if (record.topic().equals(topics.rates().name())) {
                memory.rate(key, false);
            }
        }
    }

    /** The day of a {@code coin_id:YYYY-MM-DD} key; a key without one is unreadable. */
    private static LocalDate dayOf(String key) {
        try {
            return LocalDate.parse(key.substring(key.lastIndexOf(':') + 1));
        } catch (DateTimeParseException e) {
            throw new SerializationException("the rates key " + key + " does not end in a day");
        }
    }

    private void unreadable(ConsumerRecord<String, byte[]> record, String why) {
        metrics.unreadable(record.topic());
        log.warn(
                "Skipped an unreadable record of {} at {}-{}@{}: {}",
                record.topic(),
                record.topic(),
                record.partition(),
                record.offset(),
                why);
    }

    @Override
    public void close() {
        KafkaSettings.closeWithoutGroup(consumer);
    }
}
