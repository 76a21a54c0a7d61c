package dev.daybook.bench;

import dev.daybook.app.kafka.LastStableOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a run from outside, the way an operator would: every {@link #INTERVAL} it reads how far the
 * committed records of the {@code transactions} and {@code daily-volume} topics reach (their last stable
 * offsets), and samples the CPU and memory accounts. Afterwards it tells when each topic reached its final
 * end, i.e. when the ingester committed its last transaction and when the aggregation committed its last
 * output, to within one interval.
 */
final class ProgressMonitor implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Logger log = LoggerFactory.getLogger(ProgressMonitor.class);

    /** The committed ends of both topics, summed over partitions, at one moment. */
    record Sample(Instant at, long transactions, long dailyVolume) {}

    private final Admin admin;
    private final String transactionsTopic;
    private final String dailyVolumeTopic;
    private List<TopicPartition> transactions;
    private List<TopicPartition> dailyVolume;
    private final List<Runnable> samplers;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProgressMonitor(Admin admin, String transactionsTopic, String dailyVolumeTopic, List<Runnable> samplers) {
        this.admin = admin;
        this.transactionsTopic = transactionsTopic;
        this.dailyVolumeTopic = dailyVolumeTopic;
        this.samplers = samplers;
        this.thread = new Thread(this::watch, "daybook-bench-monitor");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void watch() {
        while (running) {
            long next = System.nanoTime() + INTERVAL.toNanos();
            samplers.forEach(Runnable::run);
            try {
                if (transactions == null && !findPartitions()) {
                    if (!pause(next)) {
                        return;
                    }
                    continue;
                }
                List<TopicPartition> both = new ArrayList<>(transactions);
                both.addAll(dailyVolume);
                Map<TopicPartition, Long> ends = LastStableOffsets.of(admin, both);
                Instant at = Instant.now();
                long tx = transactions.stream().mapToLong(ends::get).sum();
                long dv = dailyVolume.stream().mapToLong(ends::get).sum();
                synchronized (samples) {
                    samples.add(new Sample(at, tx, dv));
                }
            } catch (ExecutionException e) {
                log.debug("Cannot read the end offsets yet: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                return;
            }
            if (!pause(next)) {
                return;
            }
        }
    }

    /** Learns the topics' partitions once the run has created them; false while it has not. */
    private boolean findPartitions() throws InterruptedException {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(transactionsTopic, dailyVolumeTopic))
                    .allTopicNames()
                    .get();
            transactions = partitions(topics.get(transactionsTopic));
            dailyVolume = partitions(topics.get(dailyVolumeTopic));
            return true;
        } catch (ExecutionException notYet) {
            return false;
        }
    }

    /** @return false if interrupted */
    private static boolean pause(long until) {
        long wait = until - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The committed end of {@code transactions} at the last sample, 0 before the first: the transactions ingested,
     * and the few transaction markers among them.
     */
    long transactionsCommitted() {
        synchronized (samples) {
            return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).transactions();
        }
    }

    /** When {@code transactions} first held committed records. */
    Optional<Instant> firstTransactions() {
        return first(sample -> sample.transactions() > 0 ? 1 : 0, 1);
    }

    /** When {@code transactions} reached its final committed end. */
    Optional<Instant> transactionsComplete() {
        return first(Sample::transactions, last().transactions());
    }

    /** When {@code daily-volume} reached its final committed end. */
    Optional<Instant> dailyVolumeComplete() {
        return first(Sample::dailyVolume, last().dailyVolume());
    }

    private Optional<Instant> first(ToLongFunction<Sample> value, long wanted) {
        synchronized (samples) {
            return samples.stream()
                    .filter(sample -> value.applyAsLong(sample) >= wanted)
                    .map(Sample::at)
                    .findFirst();
        }
    }

    private Sample last() {
        synchronized (samples) {
            return samples.isEmpty()
                    ? new Sample(Instant.EPOCH, Long.MAX_VALUE, Long.MAX_VALUE)
                    : samples.get(samples.size() - 1);
        }
    }

    private static List<TopicPartition> partitions(TopicDescription topic) {
        return topic.partitions().stream()
                .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                .toList();
    }

    /** Stops watching; the samples stay readable. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
