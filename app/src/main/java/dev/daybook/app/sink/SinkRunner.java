package dev.daybook.app.sink;

import static dev.daybook.schemas.DeadLetterHeaders.truncate;

import dev.daybook.app.kafka.DeadLetterHeaderWriter;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.LastStableOffsets;
import dev.daybook.app.kafka.TopicPartitions;
import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.DeadLetterHeaders;
import dev.daybook.schemas.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the {@code daily-volume} topic into a {@link Warehouse}.
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
 */
public final class SinkRunner implements AutoCloseable {

    /** The {@link DeadLetterHeaders#STAGE} of records the sink rejects. */
    public static final String STAGE = "sink";
    /** The {@link DeadLetterHeaders#REASON} of a row the warehouse refused; the message is the warehouse's. */
    public static final String REFUSED = "warehouse_refused";

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration MAX_POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final String groupId;
    private final Warehouse warehouse;
    private final SinkSettings settings;
    private final DaybookMetrics metrics;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Consumer<byte[], byte[]> consumer;

    private volatile SinkStatus.State state = SinkStatus.State.STARTING;
    private volatile String failure;
    private volatile Instant lastWrite;
    private volatile long lag = -1;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong rowsRefused = new AtomicLong();

    /**
     * @param groupId the consumer group of a durable warehouse (see {@link SinkOptions#groupId}); unused otherwise
     */
    public SinkRunner(KafkaSettings kafka, TopicCatalogue topics, String groupId, Warehouse warehouse, SinkSettings settings) {
        this(kafka, topics, groupId, warehouse, settings, DaybookMetrics.unexported());
    }

    /** Also counts its batches, dead letters and the freshness of what it wrote in {@code metrics}. */
    public SinkRunner(KafkaSettings kafka, TopicCatalogue topics, String groupId, Warehouse warehouse, SinkSettings settings,
            DaybookMetrics metrics) {
        this.kafka = kafka;
        this.topics = topics;
        this.groupId = groupId;
        this.warehouse = warehouse;
        this.settings = settings;
        this.metrics = metrics;
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
     * Consumes until every daily-volume record committed when this is called has been written (and, for a
     * durable warehouse, its offset committed by this group), as {@code daybook run --once} needs.
     *
     * @return true once caught up; false if {@link #close()} came first
     * @throws SinkFailedException when the sink stops because of a failure
     */
    public boolean runUntilCaughtUp() throws SinkFailedException {
        return consume(true);
    }

    public SinkStatus status() {
        long knownLag = lag;
        return new SinkStatus(state, Optional.ofNullable(failure), Optional.ofNullable(lastWrite), rowsWritten.get(),
                deadLettered.get(), rowsRefused.get(), knownLag < 0 ? OptionalLong.empty() : OptionalLong.of(knownLag));
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
        closeRequested.countDown();
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
            if (state != SinkStatus.State.FAILED) {
                state = SinkStatus.State.STOPPED;
            }
            finished.countDown();
        }
    }

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
            Session session = new Session(newConsumer, deadLetters);
            try {
                return session.run(untilCaughtUp);
            } catch (Abandoned e) {
                log.info("Closed while retrying; what was read since the last write is read again on the next start");
                return false;
            } finally {
                session.end();
            }
        } finally {
            KafkaSettings.closeLeavingGroup(newConsumer);
        }
    }

    private SinkFailedException fail(SinkFailedException e) {
        SinkFailedException reported = kafka.instanceId().flatMap(id -> id.fencedOut(groupId, e))
                .map(fenced -> new SinkFailedException(fenced, e)).orElse(e);
        failure = reported.getMessage();
        state = SinkStatus.State.FAILED;
        log.error("The sink stopped: {}", reported.getMessage());
        log.debug("The sink's failure", reported);
        return reported;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return warehouse.durable() ? kafka.groupMemberProperties(groupId, properties) : kafka.clientProperties(properties);
    }

    /**
     * A transactional producer of dead letters. Its id is new for each run: a run that crashed is fenced by
     * the group generation its offsets carry (KIP-447), not by the id, and its open transaction aborts when
     * it times out.
     */
    private Map<String, Object> producerProperties() {
        String group = warehouse.durable() ? groupId : "print";
        return kafka.clientProperties(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "daybook-sink-" + group + "-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** One consumer's run: what has been read, written and committed. Used on the consuming thread only. */
    private final class Session implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> consumer;
        private final Producer<byte[], byte[]> deadLetters;
        private final Batch batch = new Batch();
        private final Retry retry = new Retry(settings.retryPolicy(), this::awaitRetry, () -> ThreadLocalRandom.current().nextDouble());
        /** Per partition, the offset up to which the warehouse has everything (and, if durable, the group committed it). */
        private final Map<TopicPartition, Long> done = new HashMap<>();
        private long lastFlush = System.nanoTime();
        /** False once the session stops writing: the consumer's close must not write or commit any more. */
        private boolean writing = true;

        Session(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters) {
            this.consumer = consumer;
            this.deadLetters = deadLetters;
        }

        boolean run(boolean untilCaughtUp) throws SinkFailedException {
            prepareWarehouse();
            List<TopicPartition> partitions = partitions();
            if (warehouse.durable()) {
                consumer.subscribe(List.of(topics.dailyVolume().name()), this);
            } else {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> target = untilCaughtUp ? committedEnds(partitions) : Map.of();
            state = SinkStatus.State.RUNNING;
            try {
                while (!closing.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
                    records.forEach(this::read);
                    if (flushDue(records.isEmpty())) {
                        flush(true);
                    }
                    updateLag();
                    if (untilCaughtUp && batch.isEmpty() && records.isEmpty() && caughtUp(target)) {
                        return true;
                    }
                }
            } catch (WakeupException e) {
                // close() interrupted a blocking call; what was read is written below.
            } catch (KafkaException e) {
                throw unwrapListenerFailure(e);
            }
            try {
                flush(true);
            } catch (WakeupException e) {
                log.debug("Closed while committing; the last batch is written again on the next start");
            }
            return false;
        }

        void end() {
            writing = false;
        }

        private void prepareWarehouse() throws SinkFailedException {
            try {
                withRetries("prepare the warehouse", warehouse::prepare);
            } catch (WarehouseException e) {
                throw new SinkFailedException("cannot prepare the warehouse: " + e.getMessage(), e);
            }
        }

        private List<TopicPartition> partitions() throws SinkFailedException {
            return TopicPartitions.of(consumer, topics.dailyVolume().name(), message -> new SinkFailedException(message, null));
        }

        /** Where each partition's committed records end now (its last stable offset). */
        private Map<TopicPartition, Long> committedEnds(List<TopicPartition> partitions) throws SinkFailedException {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                return LastStableOffsets.of(admin, partitions);
            } catch (ExecutionException e) {
                throw new SinkFailedException("cannot read the end offsets of " + topics.dailyVolume().name() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            }
        }

        private Duration pollTimeout() {
            return settings.batchInterval().compareTo(MAX_POLL) < 0 ? settings.batchInterval() : MAX_POLL;
        }

        private void read(ConsumerRecord<byte[], byte[]> record) {
            if (record.value() == null) {
                deadLetter(record, "tombstone", "the sink cannot delete rows; a daily-volume record must have a value");
                return;
            }
            DailyVolume row;
            try {
                row = topics.dailyVolume().deserializeValue(record.value());
            } catch (SerializationException e) {
                deadLetter(record, "bad_daily_volume", e.getMessage());
                return;
            }
            if (row == null) {
                deadLetter(record, "bad_daily_volume", "the value is JSON null, not a daily-volume row");
                return;
            }
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!row.key().equals(key)) {
                deadLetter(record, "key_mismatch", "key " + key + " does not match the row's " + row.key());
                return;
            }
            batch.add(row, record);
        }

        private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
            String source = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
            Headers headers = DeadLetterHeaderWriter.of(STAGE, reason).message(truncate(message)).sourceUri(source).headers();
            batch.addDeadLetter(new Batch.DeadLetter(new TopicPartition(record.topic(), record.partition()), reason,
                    new ProducerRecord<>(topics.deadLetter().name(), null, record.key(), record.value(), headers)));
            log.warn("Dead-lettered {} ({}): {}", source, reason, truncate(message));
        }

        private boolean flushDue(boolean idle) {
            if (batch.rowCount() >= settings.batchRows()) {
                return true;
            }
            boolean pending = !batch.isEmpty() || !advancedPositions().isEmpty();
            Duration sinceFlush = Duration.ofNanos(System.nanoTime() - lastFlush);
            return pending && (idle || sinceFlush.compareTo(settings.batchInterval()) >= 0);
        }

        /** Writes the batch and, if asked, commits what is now done with the dead letters read before it. */
        private void flush(boolean commit) throws SinkFailedException {
            if (!writing) {
                return;
            }
            try {
                write();
            } catch (SinkFailedException | Abandoned e) {
                writing = false;
                throw e;
            }
            Map<TopicPartition, Long> advanced = advancedPositions();
            batch.clearRows();
            lastFlush = System.nanoTime();
            if (commit && commit(advanced)) {
                done.putAll(advanced);
            }
        }

        /** Writes the rows the warehouse accepts; those it refuses become dead letters. */
        private void write() throws SinkFailedException {
            if (batch.rowCount() == 0) {
                return;
            }
            List<Batch.SourcedRow> rows = batch.rows();
            List<RefusedRowSearch.Refusal<Batch.SourcedRow>> refused;
            try {
                refused = RefusedRowSearch.write(rows, this::writeWithRetries);
            } catch (WarehouseException e) {
                throw new SinkFailedException("cannot write " + rows.size() + " rows: " + e.getMessage(), e);
            }
            for (RefusedRowSearch.Refusal<Batch.SourcedRow> refusal : refused) {
                deadLetter(refusal.row().source(), REFUSED, refusal.reason().getMessage());
            }
            int written = rows.size() - refused.size();
            rowsWritten.addAndGet(written);
            if (written > 0) {
                lastWrite = Instant.now();
            }
        }

        private void writeWithRetries(List<Batch.SourcedRow> rows) throws SinkFailedException, WarehouseException {
            List<DailyVolume> values = rows.stream().map(Batch.SourcedRow::row).toList();
            withRetries("write " + values.size() + " rows", () -> upsert(values));
        }

        private void upsert(List<DailyVolume> rows) throws WarehouseException {
            long start = System.nanoTime();
            try {
                warehouse.upsert(rows);
            } catch (WarehouseException | RuntimeException e) {
                metrics.sinkBatchFailed();
                throw e;
            }
            metrics.sinkBatchWritten(rows.size(), Duration.ofNanos(System.nanoTime() - start), batch.newestRecord());
        }

        /**
         * Retries transient failures, the one place a warehouse call is retried ({@link SinkSettings#retryPolicy()});
         * a refusal of rows is thrown as it is, for {@link RefusedRowSearch}; any other failure stops the sink.
         * A close while waiting to retry ends the wait at once.
         */
        private void withRetries(String what, WarehouseCall call) throws SinkFailedException, WarehouseException {
            try {
                retry.call(what, () -> {
                    call.run();
                    return null;
                }, e -> e instanceof WarehouseException failure && failure.transientFailure() && !failure.rowsRefused());
            } catch (WarehouseException e) {
                if (e.rowsRefused()) {
                    throw e;
                }
                if (!e.transientFailure()) {
                    throw new SinkFailedException("cannot " + what + ": " + e.getMessage(), e);
                }
                throw new SinkFailedException("cannot " + what + " after " + settings.retryPolicy().maxAttempts()
                        + " attempts: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            } catch (Abandoned e) {
                throw e;
            } catch (Exception e) {
                throw new SinkFailedException("cannot " + what + ": " + e, e);
            }
        }

        private void awaitRetry(Duration delay) throws InterruptedException {
            if (closeRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Abandoned();
            }
        }

        /** The positions of the partitions this consumer reads that moved since they were last done. */
        private Map<TopicPartition, Long> advancedPositions() {
            Map<TopicPartition, Long> advanced = new HashMap<>();
            for (TopicPartition partition : consumer.assignment()) {
                long position = consumer.position(partition);
                if (!Long.valueOf(position).equals(done.get(partition))) {
                    advanced.put(partition, position);
                }
            }
            return advanced;
        }

        /**
         * Sends the dead letters and, for a durable warehouse, commits the positions, in one Kafka transaction:
         * a crash leaves both done or neither, so a dead letter is never lost nor sent twice. Dead letters are
         * counted once committed.
         *
         * @return whether it committed; when the group is rebalancing nothing is, and the dead letters wait for
         *         the next commit unless their partitions move (then their next owner reads the records again)
         */
        private boolean commit(Map<TopicPartition, Long> positions) throws SinkFailedException {
            List<Batch.DeadLetter> letters = batch.deadLetters();
            boolean offsets = warehouse.durable() && !positions.isEmpty();
            if (letters.isEmpty() && !offsets) {
                return true;
            }
            try {
                deadLetters.beginTransaction();
                letters.forEach(letter -> deadLetters.send(letter.record()));
                if (offsets) {
                    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                    positions.forEach((partition, position) -> committed.put(partition, new OffsetAndMetadata(position)));
                    deadLetters.sendOffsetsToTransaction(committed, consumer.groupMetadata());
                }
                deadLetters.commitTransaction();
            } catch (CommitFailedException | RebalanceInProgressException e) {
                abortTransaction();
                log.info("Offsets not committed, the group is rebalancing; the rows are written again by the partitions' next owner");
                return false;
            } catch (KafkaException e) {
                writing = false;
                throw new SinkFailedException("cannot commit offsets of " + topics.dailyVolume().name() + " and "
                        + letters.size() + " dead letters: " + e.getMessage(), e);
            }
            batch.clearDeadLetters();
            for (Batch.DeadLetter letter : letters) {
                deadLettered.incrementAndGet();
                metrics.deadLettered(STAGE, letter.reason());
                if (letter.reason().equals(REFUSED)) {
                    rowsRefused.incrementAndGet();
                }
            }
            return true;
        }

        private void abortTransaction() throws SinkFailedException {
            try {
                deadLetters.abortTransaction();
            } catch (KafkaException e) {
                writing = false;
                throw new SinkFailedException("cannot abort a Kafka transaction of the sink: " + e.getMessage(), e);
            }
        }

        private boolean caughtUp(Map<TopicPartition, Long> target) {
            Set<TopicPartition> unknown = new HashSet<>();
            for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
                Long reached = done.get(end.getKey());
                if (reached == null) {
                    unknown.add(end.getKey());
                } else if (reached < end.getValue()) {
                    return false;
                }
            }
            if (unknown.isEmpty()) {
                return true;
            }
            if (!warehouse.durable()) {
                return unknown.stream().allMatch(partition -> target.get(partition) == 0);
            }
            // Partitions read by other members of the group: done as far as the group committed.
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown);
            return unknown.stream().allMatch(partition -> {
                OffsetAndMetadata offset = committed.get(partition);
                return (offset == null ? 0 : offset.offset()) >= target.get(partition);
            });
        }

        private void updateLag() {
            long total = 0;
            for (TopicPartition partition : consumer.assignment()) {
                OptionalLong behind = consumer.currentLag(partition);
                if (behind.isEmpty()) {
                    return;
                }
                long position = consumer.position(partition);
                total += behind.getAsLong() + position - done.getOrDefault(partition, position);
            }
            lag = total;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Finish what was read while they were ours, so that their next owner starts after it.
            flushInRebalance(true);
            batch.dropDeadLetters(partitions);
            partitions.forEach(done::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // They belong to another member already, so no commit; writing what was read is still safe, since
            // the warehouse keeps the highest version. Offsets of partitions still ours are committed later.
            flushInRebalance(false);
            batch.dropDeadLetters(partitions);
            partitions.forEach(done::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        private void flushInRebalance(boolean commit) {
            try {
                flush(commit);
            } catch (SinkFailedException e) {
                throw new ListenerFailure(e);
            }
        }

        private SinkFailedException unwrapListenerFailure(KafkaException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ListenerFailure failed) {
                    return failed.failure;
                }
                if (cause instanceof Abandoned abandoned) {
                    throw abandoned;
                }
            }
            writing = false;
            return new SinkFailedException("cannot read " + topics.dailyVolume().name() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface WarehouseCall {
        void run() throws WarehouseException;
    }

    /** Closed while waiting to retry: stop without writing or committing any more. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("closed while retrying", null, false, false);
        }
    }

    /** Carries a failure out of a rebalance callback, through the consumer's poll. */
    private static final class ListenerFailure extends RuntimeException {
        private final SinkFailedException failure;

        ListenerFailure(SinkFailedException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
