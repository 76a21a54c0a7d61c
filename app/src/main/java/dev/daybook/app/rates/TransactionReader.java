package dev.daybook.app.rates;

import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.LastStableOffsets;
import dev.daybook.app.kafka.TopicPartitions;
import dev.daybook.schemas.TopicCatalogue;
import dev.daybook.schemas.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns what transactions need: reads {@code transactions} (committed records only) as the rates service's
 * consumer group, and writes every (currency, day) not needed before to {@code rates-needs} before committing
 * the offsets it came from. So a need is never lost to a crash, and a restart does not read transactions
 * again. A transaction the service cannot read is skipped and counted; the topology dead-letters it.
 */
final class TransactionReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionReader.class);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(200);

    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final RatesMemory memory;
    private final RatesPublisher publisher;
    private final RatesMetrics metrics;
    private final Map<String, Object> consumerProperties;
    private List<TopicPartition> partitions = List.of();
    /** Null after {@link #leave()}, until the next {@link #join()}. */
    private volatile KafkaConsumer<String, byte[]> consumer;

    TransactionReader(
            KafkaSettings kafka,
            TopicCatalogue topics,
            String groupId,
            RatesMemory memory,
            RatesPublisher publisher,
            RatesMetrics metrics) {
        this.kafka = kafka;
        this.topics = topics;
        this.memory = memory;
        this.publisher = publisher;
        this.metrics = metrics;
        this.consumerProperties = kafka.groupMemberProperties(
                groupId,
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class));
        this.consumer = new KafkaConsumer<>(consumerProperties);
    }

    void open() throws RatesFailedException {
        partitions = TopicPartitions.of(
                consumer, topics.transactions().name(), message -> new RatesFailedException(message, null));
    }

    /** Joins the consumer group; reading starts where the group committed. */
    void join() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(consumerProperties);
        }
        if (consumer.subscription().isEmpty()) {
            consumer.subscribe(List.of(topics.transactions().name()));
        }
    }

    /**
     * Leaves the group, so that a service idle between two runs does not hold up the group's next member
     * (a rebalance waits for every member). A static member leaves only by closing its consumer.
     */
    void leave() {
        KafkaConsumer<String, byte[]> member = consumer;
        if (member != null) {
            consumer = null;
            KafkaSettings.closeLeavingGroup(member);
        }
    }

    /**
     * Reads what has arrived, waiting at most {@code timeout}, records the new needs and commits.
     *
     * @return the number of records read
     */
    int poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        records.forEach(this::read);
        publisher.flush();
        commit();
        return records.count();
    }

    /**
     * Reads until the group has read everything committed to {@code transactions} when this was called
     * (partitions another member of the group owns: until that member committed as far).
     */
    void catchUp(BooleanSupplier closing) throws RatesFailedException, InterruptedException {
        join();
        Map<TopicPartition, Long> target = committedEnds();
        while (!closing.getAsBoolean()) {
            if (poll(CATCH_UP_POLL) == 0 && reached(target)) {
                return;
            }
        }
    }

    void wakeup() {
        KafkaConsumer<String, byte[]> member = consumer;
        if (member != null) {
            member.wakeup();
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        Transaction transaction;
        try {
            transaction = topics.transactions().deserializeValue(record.value());
        } catch (SerializationException e) {
            metrics.unreadable(record.topic());
            log.debug(
                    "Skipped an unreadable transaction at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        NeedsRecord.Need need = new NeedsRecord.Need(
                transaction.chainId(), transaction.currencyAddress(), transaction.day(), transaction.currencySymbol());
        if (memory.need(need)) {
            publisher.needsRecord(need);
        }
    }

    private void commit() {
        try {
            consumer.commitSync();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The needs are written: whoever reads these transactions again finds nothing new in them.
            log.info(
                    "Offsets of {} not committed, the group is rebalancing",
                    topics.transactions().name());
        }
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        Set<TopicPartition> mine = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(target.keySet());
        return target.entrySet().stream().allMatch(end -> {
            long reached;
            if (mine.contains(end.getKey())) {
                reached = consumer.position(end.getKey());
            } else {
                OffsetAndMetadata offset = committed.get(end.getKey());
                reached = offset == null ? 0 : offset.offset();
            }
            return reached >= end.getValue();
        });
    }

    /** Where each partition's committed records end now (its last stable offset). */
    private Map<TopicPartition, Long> committedEnds() throws RatesFailedException, InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return LastStableOffsets.of(admin, partitions);
        } catch (ExecutionException e) {
            throw new RatesFailedException(
                    "cannot read the end offsets of " + topics.transactions().name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    @Override
    public void close() {
        leave();
    }
}
