package dev.daybook.bench;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.progress.Progress;
import dev.daybook.app.progress.ProgressReporter;
import dev.daybook.app.run.DailyVolumeReader;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One measured {@code daybook run --once} over the benchmark data: the command itself, run in this process
 * with its default settings, against an embedded broker the benchmark owns (so that it can read the topics
 * afterwards), into a DuckDB file. Then the reference query over the same files, and the comparison.
 *
 * <p>Timings are taken from outside the command: the first byte read from Java Flight Recorder's file-read
 * events, the ends of the ingest and the aggregation from the committed ends of their output topics, and the
 * end when the command returns: every table written, the run closed.
 */
final class ThroughputBench {

    private static final Logger log = LoggerFactory.getLogger(ThroughputBench.class);
    private static final String SINK_GROUP = "daybook.bench-sink";
    private static final Duration FIRST_READ_WAIT = Duration.ofSeconds(10);

    private final BenchData.Layout data;
    private final Path work;
    private final List<String> runOptions;
    private final Function<Supplier<Progress>, ProgressReporter> reporting;
    private final Path profile;

    /**
     * @param work       an empty directory for the broker, the state stores and the warehouse
     * @param runOptions further options for {@code daybook run}, e.g. {@code --commit-interval PT0.5S}
     * @param reporting  starts reporting the run's progress
     * @param profile    where to write a flight recording of the run ({@link Profile}), or null for none
     */
    ThroughputBench(
            BenchData.Layout data,
            Path work,
            List<String> runOptions,
            Function<Supplier<Progress>, ProgressReporter> reporting,
            Path profile) {
        this.data = data;
        this.profile = profile;
        this.work = work;
        this.runOptions = List.copyOf(runOptions);
        this.reporting = reporting;
    }

    BenchReport run() throws Exception {
        TopicCatalogue topics = TopicCatalogue.withDefaultPrefix();
        Path warehouse = work.resolve("daybook.duckdb");
        CpuAccount cpu = new CpuAccount();
        String guarantee;
        Instant start;
        Instant finished;
        Map<String, DailyVolume> exact;
        Map<String, Long> kafkaBytes;
        MemoryWatch.Peaks memory;
        Map<String, Double> cpuSeconds;
        ProgressMonitor monitor;
        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"));
                MemoryWatch memoryWatch = new MemoryWatch();
                FirstRead firstRead = new FirstRead(data.events())) {
            KafkaSettings settings = KafkaSettings.of(kafka.start());
            try (Admin admin = Admin.create(settings.clientProperties())) {
                monitor = new ProgressMonitor(
                        admin,
                        topics.transactions().name(),
                        topics.dailyVolume().name(),
                        List.of(cpu::sample, memoryWatch::sample));
                firstRead.start();
                memoryWatch.start();
                cpu.start();
                monitor.start();
                try (ProgressReporter reporter = reporting.apply(() -> Progress.ofRows(new Progress.Count(
                        Math.min(monitor.transactionsCommitted(), data.transactions()),
                        data.transactions(),
                        "transactions")))) {
                    guarantee = profile == null
                            ? runOnce(settings.bootstrapServers(), warehouse)
                            : profiledRunOnce(settings.bootstrapServers(), warehouse);
                    finished = Instant.now();
                }
                monitor.close();
                cpuSeconds = cpu.stop();
                memory = memoryWatch.peaks();
                kafkaBytes = KafkaFootprint.bytesByTopic(admin);
            }
            exact = exactTable(settings, topics);
            start = awaitFirstRead(firstRead);
        }
        Map<String, DailyVolume> stored = readWarehouse(warehouse);
        log.info("Running the reference query in DuckDB");
        ReferenceQuery.Result reference = ReferenceQuery.run(data);
        TableComparison.Outcome comparison = TableComparison.compare(reference.table(), exact, stored);

        Instant ingested = monitor.transactionsComplete().orElseThrow();
        Instant firstTransactions = monitor.firstTransactions().orElseThrow();
        Instant aggregated = monitor.dailyVolumeComplete().orElseThrow();
        List<BenchReport.Stage> stages = List.of(
                new BenchReport.Stage(
                        "ingest",
                        Duration.between(start, ingested),
                        data.rows(),
                        "rows",
                        "first byte read to the last transactions committed"),
                new BenchReport.Stage(
                        "aggregate",
                        Duration.between(firstTransactions, aggregated),
                        data.transactions(),
                        "transactions",
                        "first transactions committed to the last daily-volume committed"),
                new BenchReport.Stage(
                        "sink",
                        Duration.between(aggregated, finished),
                        data.transactions(),
                        "transactions",
                        "last daily-volume committed to the end of the run (every table written)"));
        return new BenchReport(
                data.rows(),
                data.transactions(),
                data.bytes(),
                guarantee,
                Duration.between(start, finished),
                stages,
                reference.elapsed(),
                comparison,
                memory,
                kafkaBytes,
                cpuSeconds);
    }

    private String profiledRunOnce(String bootstrapServers, Path warehouse) throws IOException {
        try (Profile recording = Profile.start(profile)) {
            String guarantee = runOnce(bootstrapServers, warehouse);
            log.info(
                    "Profile: the recording in {}, its CPU samples as folded stacks in {}",
                    recording.recordingFile(),
                    recording.foldedFile());
            return guarantee;
        }
    }

    /** Runs the command; returns the processing guarantee it ran with. */
    private String runOnce(String bootstrapServers, Path warehouse) {
        RunCommandLine run = new RunCommandLine(
                true,
                work,
                bootstrapServers,
                data.events(),
                data.tokens(),
                data.rates(),
                warehouse,
                SINK_GROUP,
                runOptions);
        int exitCode = run.execute();
        if (exitCode != 0) {
            throw new IllegalStateException("daybook run --once failed (exit code " + exitCode + "): " + run.errors());
        }
        log.info(
                "daybook run --once: {}",
                run.errors().lines().reduce((first, second) -> second).orElse(""));
        return run.guarantee();
    }

    private static Instant awaitFirstRead(FirstRead firstRead) throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_READ_WAIT.toNanos();
        while (firstRead.first().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Java Flight Recorder reported no read of the input files");
            }
            Thread.sleep(100);
        }
        return firstRead.first().get();
    }

    private static Map<String, DailyVolume> exactTable(KafkaSettings settings, TopicCatalogue topics)
            throws InterruptedException {
        Map<String, DailyVolume> table = new HashMap<>();
        try (DailyVolumeReader reader = new DailyVolumeReader(settings, topics)) {
            reader.catchUp();
            reader.rows().forEach(row -> table.put(row.key(), row));
        }
        return table;
    }

    /** The warehouse's daily-volume table, its volumes as stored (a double). */
    private static Map<String, DailyVolume> readWarehouse(Path file) throws SQLException, IOException {
        Map<String, DailyVolume> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT date, project_id, num_transactions, total_volume_usd,"
                        + " unpriced_transactions, version FROM daily_volume")) {
            while (result.next()) {
                DailyVolume row = new DailyVolume(
                        result.getObject(1, LocalDate.class),
                        result.getString(2),
                        result.getLong(3),
                        new BigDecimal(Double.toString(result.getDouble(4))),
                        result.getLong(5),
                        result.getLong(6));
                rows.put(row.key(), row);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("the warehouse " + file + " has no rows");
        }
        return rows;
    }
}
