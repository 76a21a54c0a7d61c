package dev.daybook.app.ingest;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.kafka.TopicSetup;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.LocalDirectorySource;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * Measures ingestion by hand (not a test): generated rows from a local directory into an embedded broker in
 * this JVM, end to end. Arguments: rows (default 1,000,000), rows per file (default 100,000), workers (2),
 * objects in flight (4), rows per transaction (10,000), gzip (false).
 */
public final class IngestBenchmark {

    /** CPU time so far of the live threads, by name without its number: where the time goes. */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                cpu.merge(info.getThreadName().replaceAll("[-_ ]?[0-9]+", "#"), Math.max(nanos, 0), Long::sum);
            }
        }
        return cpu;
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rowsPerFile = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int batchRows = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        boolean gzip = args.length > 5 && Boolean.parseBoolean(args[5]);
        Path work = Files.createTempDirectory("daybook-ingest-benchmark");
        Path data = work.resolve("data");
        new SequenceGenerator(GeneratorConfig.builder()
                        .rows(rows)
                        .rowsPerFile(rowsPerFile)
                        .gzip(gzip)
                        .build())
                .write(data);
        try (EmbeddedKafka broker = new EmbeddedKafka(work.resolve("kafka"))) {
            KafkaSettings kafka = KafkaSettings.of(broker.start());
            TopicCatalogue topics = TopicCatalogue.withDefaultPrefix();
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                new TopicSetup(topics).apply(admin);
            }
            LocalDirectorySource source = new LocalDirectorySource(data.toUri().toString());
            IngestSettings settings =
                    IngestSettings.DEFAULTS.withWorkers(workers, inFlight).withBatchRows(batchRows);
            try (ProgressIndex index = ProgressIndex.open(work.resolve("ingest"), topics.ingestProgress());
                    Ingester ingester = new Ingester(
                            settings,
                            kafka,
                            topics,
                            source,
                            tracker -> new ListingDiscovery(source, Duration.ofSeconds(1), tracker),
                            index,
                            new SimpleMeterRegistry())) {
                Map<String, Long> cpuBefore = cpuByThreadGroup();
                long started = System.nanoTime();
                IngestStats stats = ingester.runOnce();
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Long> cpuAfter = cpuByThreadGroup();
                cpuAfter.forEach((group, nanos) -> System.out.printf(
                        "  cpu %-40s %6.1f s%n", group, (nanos - cpuBefore.getOrDefault(group, 0L)) / 1e9));
                System.out.printf(
                        "%d rows (%d MB) in %.1f s: %.0f rows/s, %d commits; workers %d, in flight %d, batch %d, gzip %s%n",
                        stats.rowsRead(),
                        stats.bytes() >> 20,
                        seconds,
                        stats.rowsRead() / seconds,
                        stats.commits(),
                        workers,
                        inFlight,
                        batchRows,
                        gzip);
            }
        }
    }
}
