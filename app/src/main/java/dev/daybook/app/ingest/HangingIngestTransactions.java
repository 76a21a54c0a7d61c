package dev.daybook.app.ingest;

import dev.daybook.app.kafka.HangingTransactions;
import dev.daybook.app.kafka.HangingTransactions.Hanging;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicPartitions;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what Kafka left open of the workers' earlier transactions ({@link HangingTransactions}) before the ingester
 * reads its progress, in the one direction that loses nothing, since Kafka may have been committing or aborting it:
 * <ul>
 *   <li>on {@code ingest-progress} it aborts it: the objects whose progress it held are read again from their last
 *       progress visible, and the aggregation drops the rows it had counted already;</li>
 *   <li>on {@code transactions} and {@code dead-letter} it commits it: the worker of the same transactional id
 *       commits a copy of its first record, whose commit marker ends it. Rows it held that Kafka meant to abort
 *       are read again too, since their progress was aborted, and the aggregation drops their copies, this one
 *       included; a dead letter meant to be aborted is on the topic twice.</li>
 * </ul>
 */
final class HangingIngestTransactions {

    private static final Logger log = LoggerFactory.getLogger(HangingIngestTransactions.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    private HangingIngestTransactions() {}

    /**
     * @param workers the ingester's workers by transactional id; their producers have just initialised their
     *     transactions and have not begun one
     * @throws IngestFailedException when Kafka cannot be asked, or a transaction stays open; a cluster that does
     *     not let the ingester describe transactions or producers is only warned about
     */
    static void end(KafkaSettings kafka, TopicCatalogue topics, Map<String, Worker> workers) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<TopicPartition> partitions = TopicPartitions.of(
                    admin,
                    List.of(
                            topics.transactions().name(),
                            topics.ingestProgress().name(),
                            topics.deadLetter().name()));
            List<Hanging> hanging = HangingTransactions.find(admin, workers.keySet(), partitions);
            if (hanging.isEmpty()) {
                return;
            }
            for (Hanging left : hanging) {
                if (left.partition().topic().equals(topics.ingestProgress().name())) {
                    HangingTransactions.abort(admin, left);
                    log.warn(
                            "Aborted a transaction Kafka left open after ending it, on {}: the objects whose progress"
                                    + " it held are read again, and their rows counted before are dropped as"
                                    + " duplicates",
                            left);
                } else {
                    workers.get(left.transactionalId()).commitAlone(copyOfFirstRecord(kafka, left));
                    log.warn(
                            "Committed a transaction Kafka left open after ending it, on {}, with a copy of its first"
                                    + " record, which the aggregation drops as a duplicate",
                            left);
                }
            }
            Optional<Hanging> stillOpen = HangingTransactions.find(admin, workers.keySet(), partitions).stream()
                    .findFirst();
            if (stillOpen.isPresent()) {
                throw new IngestFailedException(stillOpen(stillOpen.get(), kafka.bootstrapServers()), null);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException || e.getCause() instanceof UnsupportedVersionException) {
                log.warn(
                        "Cannot check the ingester's earlier transactions for ones Kafka left open: {}",
                        e.getCause().getMessage());
                return;
            }
            throw new IngestFailedException(
                    "cannot check the ingester's earlier transactions: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestFailedException("interrupted while checking the ingester's earlier transactions", e);
        }
    }

    /** The record at the start of the open transaction, to be written again to the same partition. */
    private static ProducerRecord<byte[], byte[]> copyOfFirstRecord(KafkaSettings kafka, Hanging left) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
        try {
            consumer.assign(List.of(left.partition()));
            consumer.seek(left.partition(), left.startOffset());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == left.startOffset()) {
                        return new ProducerRecord<>(
                                record.topic(), record.partition(), record.key(), record.value(), record.headers());
                    }
                }
            }
        } finally {
            KafkaSettings.closeWithoutGroup(consumer);
        }
        throw new IngestFailedException("cannot read the first record of the transaction left open on " + left, null);
    }

    private static String stillOpen(Hanging left, String bootstrapServers) {
        return "Kafka left a transaction open on " + left + " after ending it, which hides the rest of the partition;"
                + " abort it with kafka-transactions.sh --bootstrap-server " + bootstrapServers
                + " abort --topic " + left.partition().topic() + " --partition "
                + left.partition().partition()
                + " --start-offset " + left.startOffset()
                + ", then replay (docs/operations.md, \"Transactions Kafka left open\")";
    }
}
