package dev.daybook.app.metrics;

import dev.daybook.app.ingest.IngestStats;
import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeTopology;
import dev.daybook.app.topology.DeadLetterCounter;
import dev.daybook.app.topology.StateUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Daybook's meters, in one registry that {@code /metrics} exposes in Prometheus format (dots become
 * underscores, counters get {@code _total}, timers {@code _seconds_*}). Components call the methods named
 * after what they did; docs/operations.md lists every meter.
 *
 * <ul>
 *   <li>{@value #ROWS_READ} counter: CSV data rows the ingester read</li>
 *   <li>{@value #TRANSACTIONS} counter: transactions the ingester produced</li>
 *   <li>{@value #DEAD_LETTERS} counter, tags {@code stage} and {@code reason}: records sent to the dead-letter topic</li>
 *   <li>{@value #DUPLICATES} counter: duplicate transactions the topology dropped (this instance's stream threads)</li>
 *   <li>{@value #UNPRICED} gauge: transactions in this instance's daily totals still lacking a token or rate
 *       (NaN while its store cannot be read)</li>
 *   <li>{@value #SINK_BATCHES} counter, tag {@code outcome} ({@code written}, {@code failed}): warehouse writes</li>
 *   <li>{@value #SINK_ROWS} counter: rows the warehouse accepted</li>
 *   <li>{@value #SINK_MERGE} timer: how long the warehouse took to accept a batch (successful writes only) (the MERGE, for BigQuery)</li>
 *   <li>{@value #FRESHNESS} gauge: seconds between now and the Kafka timestamp of the newest record behind a
 *       row the warehouse accepted — the end-to-end freshness of the table (NaN until the first write)</li>
 * </ul>
 *
 * The ingester registers its amount check's {@code daybook.amount.*} meters ({@link dev.daybook.app.ingest.AmountMetrics})
 * and the CoinGecko client its {@code daybook.coingecko.*} meters in {@link #registry()}; Kafka
 * Streams' and the clients' own metrics come in through {@link #bindStreams} and {@link #bindClient}.
 */
public final class DaybookMetrics {

    public static final String ROWS_READ = "daybook.ingest.rows.read";
    public static final String TRANSACTIONS = "daybook.ingest.transactions";
    public static final String SKIPPED = "daybook.ingest.skipped";
    public static final String DEAD_LETTERS = "daybook.dead.letters";
    public static final String DUPLICATES = "daybook.duplicates";
    public static final String UNPRICED = "daybook.unpriced.transactions";
    public static final String SINK_BATCHES = "daybook.sink.batches";
    public static final String SINK_ROWS = "daybook.sink.rows";
    public static final String SINK_MERGE = "daybook.sink.merge";
    public static final String FRESHNESS = "daybook.freshness.seconds";

    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final Counter batchesWritten;
    private final Counter batchesFailed;
    private final Counter sinkRows;
    private final Timer merge;
    /** Epoch millis of the newest record behind a written row; Long.MIN_VALUE before the first write. */
    private final AtomicLong newestWritten = new AtomicLong(Long.MIN_VALUE);

    private final AtomicReference<Supplier<IngestStats>> ingestStats =
            new AtomicReference<>(DaybookMetrics::noIngester);
    private final Set<String> exportedIngestReasons = ConcurrentHashMap.newKeySet();

    /** Meters bound to a Kafka client or Streams instance; close it with them. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** A Prometheus registry with the JVM and process meters bound. */
    public DaybookMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        List.of(
                        new JvmMemoryMetrics(),
                        new JvmGcMetrics(),
                        new JvmThreadMetrics(),
                        new ClassLoaderMetrics(),
                        new ProcessorMetrics(),
                        new UptimeMetrics())
                .forEach(binder -> binder.bindTo(registry));
    }

    /** Meters that nothing exports, for a component run without the HTTP server (tools, tests). */
    public static DaybookMetrics unexported() {
        return new DaybookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    DaybookMetrics(PrometheusMeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        registerIngestCounters();
        this.batchesWritten = sinkBatches("written");
        this.batchesFailed = sinkBatches("failed");
        this.sinkRows = Counter.builder(SINK_ROWS)
                .description("Rows accepted by the warehouse")
                .register(registry);
        this.merge = Timer.builder(SINK_MERGE)
                .description("Time the warehouse took to accept a batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        Gauge.builder(FRESHNESS, this, DaybookMetrics::freshnessSeconds)
                .description(
                        "Seconds since the Kafka timestamp of the newest record behind a row the warehouse accepted")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The registry every Daybook component registers its meters in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text format (for {@code /metrics}). */
    public String scrape() {
        ingestStats.get().get().deadLettersByReason().keySet().forEach(this::exportIngestDeadLetters);
        return registry.scrape();
    }

    /**
     * Exports the ingester's counts, read from its own statistics at each scrape: rows read,
     * transactions, skipped rows, and its dead letters under stage {@code ingest}, one series per reason
     * code (every code in {@link IngestStats#DEAD_LETTER_REASONS} from zero, any other from the scrape
     * after its first). Until an ingester is bound, and after the binding is closed, they read zero.
     */
    public Binding bindIngester(Supplier<IngestStats> stats) {
        ingestStats.set(stats);
        return () -> ingestStats.compareAndSet(stats, DaybookMetrics::noIngester);
    }

    private void registerIngestCounters() {
        ingestCounter(ROWS_READ, "CSV data rows read by the ingester", IngestStats::rowsRead)
                .register(registry);
        ingestCounter(TRANSACTIONS, "Transactions produced by the ingester", IngestStats::transactions)
                .register(registry);
        ingestCounter(SKIPPED, "Rows of other event types, skipped by the ingester", IngestStats::skipped)
                .register(registry);
        IngestStats.DEAD_LETTER_REASONS.forEach(this::exportIngestDeadLetters);
    }

    private void exportIngestDeadLetters(String reason) {
        if (exportedIngestReasons.add(reason)) {
            ingestCounter(
                            DEAD_LETTERS,
                            "Records sent to the dead-letter topic",
                            stats -> stats.deadLettersByReason().getOrDefault(reason, 0L))
                    .tag("stage", "ingest")
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    private FunctionCounter.Builder<DaybookMetrics> ingestCounter(
            String name, String description, ToLongFunction<IngestStats> count) {
        return FunctionCounter.builder(
                        name,
                        this,
                        metrics -> count.applyAsLong(metrics.ingestStats.get().get()))
                .description(description);
    }

    /** One record sent to the dead-letter topic, with its {@code daybook.stage} and {@code daybook.reason} headers. */
    public void deadLettered(String stage, String reason) {
        Counter.builder(DEAD_LETTERS)
                .description("Records sent to the dead-letter topic")
                .tag("stage", stage)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** The counter to build the Streams properties with: the topology's dead letters land in {@value #DEAD_LETTERS}. */
    public DeadLetterCounter deadLetterCounter() {
        return new DeadLetterCounter(this::deadLettered);
    }

    /**
     * Kafka Streams' own metrics ({@code kafka_stream_*}), the duplicates its threads dropped, and the unpriced
     * transactions in the {@code daily-totals} partitions this instance holds. Close the result with the streams.
     */
    public Binding bindStreams(KafkaStreams streams, DailyTotalsStore dailyTotals) {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        FunctionCounter duplicates = FunctionCounter.builder(
                        DUPLICATES, streams, s -> DailyVolumeTopology.duplicatesDropped(s.metrics()))
                .description("Duplicate transactions dropped by this instance's stream threads")
                .register(registry);
        Gauge unpriced = Gauge.builder(UNPRICED, dailyTotals, DaybookMetrics::unpriced)
                .description("Transactions in this instance's daily totals whose token or rate is not known yet")
                .register(registry);
        return () -> {
            registry.remove(duplicates);
            registry.remove(unpriced);
            streamsMetrics.close();
        };
    }

    /** A Kafka producer's metrics ({@code kafka_producer_*}); close the result with the producer. */
    public Binding bindClient(Producer<?, ?> producer) {
        return bind(new KafkaClientMetrics(producer));
    }

    /** A Kafka consumer's metrics ({@code kafka_consumer_*}); close the result with the consumer. */
    public Binding bindClient(Consumer<?, ?> consumer) {
        return bind(new KafkaClientMetrics(consumer));
    }

    /**
     * The warehouse accepted a batch.
     *
     * @param newestRecord the Kafka timestamp of the newest daily-volume record in the batch
     */
    public void sinkBatchWritten(int rows, Duration took, Instant newestRecord) {
        batchesWritten.increment();
        sinkRows.increment(rows);
        merge.record(took);
        newestWritten.accumulateAndGet(newestRecord.toEpochMilli(), Math::max);
    }

    /** A warehouse write failed (whether it is retried or not). */
    public void sinkBatchFailed() {
        batchesFailed.increment();
    }

    private Counter sinkBatches(String outcome) {
        return Counter.builder(SINK_BATCHES)
                .description("Batches the sink tried to write, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** NaN while the store cannot be read (starting, rebalancing), so that a dashboard shows a gap, not a zero. */
    private static double unpriced(DailyTotalsStore dailyTotals) {
        try {
            return dailyTotals.localUnpricedTransactions();
        } catch (StateUnavailableException e) {
            return Double.NaN;
        }
    }

    private double freshnessSeconds() {
        long newest = newestWritten.get();
        return newest == Long.MIN_VALUE ? Double.NaN : (clock.millis() - newest) / 1000.0;
    }

    private Binding bind(KafkaClientMetrics clientMetrics) {
        clientMetrics.bindTo(registry);
        return clientMetrics::close;
    }

    private static IngestStats noIngester() {
        return new IngestStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }
}
