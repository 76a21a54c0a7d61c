package dev.daybook.app.sink;

import dev.daybook.app.kafka.InstanceId;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.LastStableOffsets;
import dev.daybook.app.kafka.TopicPartitions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the topics of the warehouse model into a {@link Warehouse}: each table the warehouse keeps from its
 * topic ({@link Feeds}), in one consumer with the offsets of every partition it reads, and the days of the dated
 * rows into the date dimension.
 *
 * <p>It reads committed records only, keeps the newest version of each key, writes in batches and, for a
 * durable warehouse, commits the consumer group's offsets only once the warehouse accepted everything up
 * to them: a crash or a failed write means re-writing rows, never losing them (the warehouse ignores
 * rows older than what it has). Transient warehouse failures are retried with backoff; a permanent one,
 * or running out of retries, stops the sink ({@link SinkStatus.State#FAILED}) without committing. When
 * the warehouse refuses some rows of a batch ({@link WarehouseException#rowsRefused()}), the others are
 * written and each refused row goes to the dead-letter topic ({@link RefusedRowSearch}); so does a record
 * that is not a valid daily-volume row. Dead letters are sent in one Kafka transaction with the offsets
 * they precede, so that after a crash a dead letter is neither lost nor sent twice; they are counted once
 * committed.
 *
 * <p>Several instances may share a consumer group; before partitions move to another instance, what was
 * read from them is written and committed. With the process's {@link KafkaSettings#instanceId() instance id}
 * the sink is a static member of the group: restarted after a crash it takes its partitions back at once; it
 * leaves the group when it stops. A warehouse that is not {@link Warehouse#durable() durable} (print) is
 * filled from the beginning of the compacted topic instead, without a group.
 *
 * <p>The caller owns the warehouse (the runner prepares it, the caller closes it). {@link #run()} or
 * {@link #runUntilCaughtUp()} consume on the calling thread; {@link #close()} may be called from any.
 *
 * <p>The runner owns the clients and the sink's lifecycle; {@code PollLoop} reads and batches,
 * {@code WarehouseWriter} writes and retries, {@code OffsetTracker} commits what is done.
 */
public final class SinkRunner implements AutoCloseable {

    /** The {@link DeadLetterHeaders#STAGE} of records the sink rejects. */
    public static final String STAGE = "sink";
    /** The {@link DeadLetterHeaders#REASON} of a row the warehouse refused; the message is the warehouse's. */
    public static final String REFUSED = "warehouse_refused";

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final String groupId;
    private final Warehouse warehouse;
    private final SinkSettings settings;
    private final DaybookMetrics metrics;
    private final SinkProgress progress = new SinkProgress();
    private final WarehouseWriter writer;
    private final List<Feed<?>> feeds;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Consumer<byte[], byte[]> consumer;

    /**
     * @param groupId the consumer group of a durable warehouse (see {@link SinkOptions#groupId}); unused otherwise
     */
    public SinkRunner(
            KafkaSettings kafka, TopicCatalogue topics, String groupId, Warehouse warehouse, SinkSettings settings) {
        this(kafka, topics, groupId, warehouse, settings, DaybookMetrics.unexported());
    }

    /** Also counts its batches, dead letters and the freshness of what it wrote in {@code metrics}. */
    public SinkRunner(
            KafkaSettings kafka,
            TopicCatalogue topics,
            String groupId,
            Warehouse warehouse,
            SinkSettings settings,
            DaybookMetrics metrics) {
        this.kafka = kafka;
        this.topics = topics;
        this.groupId = groupId;
        this.warehouse = warehouse;
        this.settings = settings;
        this.metrics = metrics;
        this.writer = new WarehouseWriter(warehouse, settings, metrics, progress);
        this.feeds = Feeds.of(topics, settings.fed(warehouse.tables()));
    }

    /**
     * Consumes until {@link #close()}.
     *
     * @throws SinkFailedException when the sink stops because of a failure
     */
    public void run() throws SinkFailedException {
        consume(false);
    }

    /**
     * Consumes until every record of the feeds' topics committed when this is called has been written (and, for a
     * durable warehouse, its offset committed by this group), as {@code daybook run --once} needs.
     *
     * @return true once caught up; false if {@link #close()} came first
     * @throws SinkFailedException when the sink stops because of a failure
     */
    public boolean runUntilCaughtUp() throws SinkFailedException {
        return consume(true);
    }

    public SinkStatus status() {
        return progress.status();
    }

    /**
     * Stops consuming: what was read is written and committed, unless the warehouse is failing, in which
     * case it is left for the next start. Waits for the consuming thread to finish.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        writer.stop();
        Consumer<byte[], byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        if (started.get()) {
            try {
                if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The sink did not stop within {}", CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean consume(boolean untilCaughtUp) throws SinkFailedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a SinkRunner consumes once");
        }
        try {
            return consumeWithNewClients(untilCaughtUp);
        } catch (WakeupException e) {
            if (closing.get()) {
                return false;
            }
            throw fail(new SinkFailedException("unexpected wakeup of the sink's consumer", e));
        } catch (SinkFailedException e) {
            throw fail(e);
        } catch (KafkaException e) {
            throw fail(new SinkFailedException("Kafka failed: " + e.getMessage(), e));
        } finally {
            progress.stopped();
            finished.countDown();
        }
    }

    @SuppressWarnings("try") // the metric bindings only need closing
    private boolean consumeWithNewClients(boolean untilCaughtUp) throws SinkFailedException {
        KafkaConsumer<byte[], byte[]> newConsumer = new KafkaConsumer<>(consumerProperties());
        try (KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProperties());
                DaybookMetrics.Binding consumerMetrics = metrics.bindClient(newConsumer);
                DaybookMetrics.Binding producerMetrics = metrics.bindClient(deadLetters)) {
            consumer = newConsumer;
            if (closing.get()) {
                return false;
            }
            deadLetters.initTransactions();
            OffsetTracker offsets = new OffsetTracker(
                    newConsumer, deadLetters, warehouse.durable(), String.join(", ", topicNames()), progress, metrics);
            PollLoop loop = new PollLoop(newConsumer, topics, feeds, settings, writer, offsets, progress, closing::get);
            try {
                writer.prepare();
                Optional<Map<TopicPartition, Long>> target = start(newConsumer, loop, untilCaughtUp);
                return loop.run(target);
            } catch (Abandoned e) {
                log.info("Closed while retrying; what was read since the last write is read again on the next start");
                return false;
            } catch (SinkFailedException e) {
                throw kafka.instanceId().isPresent() ? TakeoverCheck.confirm(newConsumer, e, TakeoverCheck.WAIT) : e;
            } finally {
                loop.end();
            }
        } finally {
            if (warehouse.durable()) {
                KafkaSettings.closeLeavingGroup(newConsumer);
            } else {
                KafkaSettings.closeWithoutGroup(newConsumer);
            }
        }
    }

    /**
     * Subscribes to the feeds' topics with the loop as rebalance listener, or, for a warehouse that is not
     * durable, reads them all from the beginning.
     *
     * @return where the committed records of each partition end now, if the sink is to stop there
     */
    private Optional<Map<TopicPartition, Long>> start(
            Consumer<byte[], byte[]> newConsumer, PollLoop loop, boolean untilCaughtUp) throws SinkFailedException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topicNames()) {
            partitions.addAll(
                    TopicPartitions.of(newConsumer, topic, message -> new SinkFailedException(message, null)));
        }
        if (warehouse.durable()) {
            newConsumer.subscribe(topicNames(), loop);
        } else {
            newConsumer.assign(partitions);
            newConsumer.seekToBeginning(partitions);
        }
        return untilCaughtUp ? Optional.of(committedEnds(partitions)) : Optional.empty();
    }

    private List<String> topicNames() {
        return feeds.stream().map(Feed::topic).toList();
    }

    /** Where each partition's committed records end now (its last stable offset). */
    private Map<TopicPartition, Long> committedEnds(List<TopicPartition> partitions) throws SinkFailedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return LastStableOffsets.of(admin, partitions);
        } catch (ExecutionException e) {
            throw new SinkFailedException(
                    "cannot read the end offsets of " + topicNames() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    private SinkFailedException fail(SinkFailedException e) {
        SinkFailedException reported = kafka.instanceId()
                .flatMap(id -> id.fencedOut(groupId, e))
                .map(fenced -> new SinkFailedException(fenced, e))
                .orElse(e);
        progress.failed(reported.getMessage());
        log.error("The sink stopped: {}", reported.getMessage());
        log.debug("The sink's failure", reported);
        return reported;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
        return warehouse.durable()
                ? kafka.groupMemberProperties(groupId, properties)
                : kafka.clientProperties(properties);
    }

    /**
     * A transactional producer of dead letters. Its id is the group's and the instance's, stable across restarts:
     * a run restarted after a crash fences the crashed one when it initialises its transactions, which aborts the
     * open transaction at once. With a random id that transaction stayed open until it timed out, and so did the
     * offsets it held, which the restarted sink's consumer cannot read past: it waited for them and could give
     * up first. Without an instance id (or without a group) the id is new for each run.
     */
    private Map<String, Object> producerProperties() {
        Optional<InstanceId> instance = warehouse.durable() ? kafka.instanceId() : Optional.empty();
        String transactionalId = "daybook-sink-" + (warehouse.durable() ? groupId : "print") + "-"
                + instance.map(InstanceId::value)
                        .orElseGet(() -> UUID.randomUUID().toString());
        return kafka.clientProperties(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }
}
