package dev.daybook.bench;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import dev.daybook.connectors.reference.BundledReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How soon rows of a new file are in the warehouse while {@code daybook run} runs continuously (its default
 * settings, DuckDB, the embedded broker), with files arriving at a steady rate.
 *
 * <p>Every {@link #FILE_INTERVAL} a file of {@code rate × interval} generated rows appears in the source
 * directory (written aside, then renamed into place, as a real writer would); its last row is a probe, a
 * transaction of a project no other row has. A file's rows are read together and committed together, so the
 * probe's project appearing in the warehouse is when the file's rows are visible: the latency is the sink's
 * {@code updated_at} of that row minus the moment the file was renamed into place. The warehouse is polled
 * through a second connection to the same DuckDB database, which this process shares with the sink.
 */
final class FreshnessBench {

    static final Duration FILE_INTERVAL = Duration.ofMillis(250);
    /** Probe projects are {@code PROBE_BASE + file number}: seven digits, far from the generator's ids. */
    static final long PROBE_BASE = 9_900_000;

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final String SINK_GROUP = "daybook.bench-freshness-sink";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Logger log = LoggerFactory.getLogger(FreshnessBench.class);

    private final Path work;
    private final int rate;
    private final Duration duration;
    private final List<String> runOptions;
    private final Clock clock = Clock.systemUTC();

    FreshnessBench(Path work, int rate, Duration duration, List<String> runOptions) {
        this.work = work;
        this.rate = rate;
        this.duration = duration;
        this.runOptions = List.copyOf(runOptions);
    }

    FreshnessReport run() throws Exception {
        Path events = Files.createDirectories(work.resolve("events"));
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path tokens = work.resolve("tokens.csv");
        Path rates = work.resolve("rates.csv");
        try (InputStream in = BundledReference.open(BundledReference.TOKENS)) {
            Files.copy(in, tokens, StandardCopyOption.REPLACE_EXISTING);
        }
        LocalDate today = LocalDate.now(clock);
        BenchData.writeRates(
                rates, today.minusDays(1).datesUntil(today.plusDays(2)).toList());
        Path warehouse = work.resolve("daybook.duckdb");
        int rowsPerFile = Math.max(1, (int) (rate * FILE_INTERVAL.toMillis() / 1000));

        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"))) {
            RunCommandLine command = new RunCommandLine(
                    false,
                    work.resolve("state"),
                    kafka.start(),
                    events,
                    tokens,
                    rates,
                    warehouse,
                    SINK_GROUP,
                    runOptions);
            Thread pipeline = new Thread(command::execute, "daybook-bench-pipeline");
            pipeline.start();
            try {
                SourceFiles writer = new SourceFiles(staging, events, today, rowsPerFile);
                Map<Long, Instant> written = new HashMap<>();
                Map<Long, Instant> visible = new ConcurrentHashMap<>();
                try (Connection connection = awaitWarehouse(warehouse, pipeline, command)) {
                    log.info("Warming up: one file, until it is in the warehouse");
                    written.put(0L, writer.write(0));
                    awaitVisible(connection, visible, List.of(0L), WARMUP_TIMEOUT, pipeline, command);

                    log.info("Writing {} rows per second for {}, a file every {}", rate, duration, FILE_INTERVAL);
                    long files = duration.toMillis() / FILE_INTERVAL.toMillis();
                    long start = System.nanoTime();
                    for (long file = 1; file <= files; file++) {
                        long due = start + (file - 1) * FILE_INTERVAL.toNanos();
                        while (System.nanoTime() < due) {
                            poll(connection, visible);
                            Thread.sleep(Math.max(0, Math.min(POLL.toMillis(), (due - System.nanoTime()) / 1_000_000)));
                        }
                        written.put(file, writer.write(file));
                    }
                    List<Long> measured = written.keySet().stream()
                            .filter(file -> file > 0)
                            .sorted()
                            .toList();
                    awaitVisible(connection, visible, measured, DRAIN_TIMEOUT, pipeline, command);
                    return FreshnessReport.of(rate, duration, rowsPerFile + 1, measured, written, visible);
                }
            } finally {
                pipeline.interrupt();
                pipeline.join();
            }
        }
    }

    /** Writes the benchmark's files. */
    private final class SourceFiles {
        private final Path staging;
        private final Path events;
        private final LocalDate day;
        private final int rows;

        SourceFiles(Path staging, Path events, LocalDate day, int rows) {
            this.staging = staging;
            this.events = events;
            this.day = day;
            this.rows = rows;
        }

        /** Generates file number {@code file} aside, adds its probe, renames it into the source; returns when it appeared. */
        Instant write(long file) throws IOException {
            String prefix = String.format("fresh-%06d", file);
            GeneratorConfig config = GeneratorConfig.builder()
                    .rows(rows)
                    .rowsPerFile(rows)
                    .startDate(day)
                    .days(1)
                    .projects(BenchData.PROJECTS)
                    .seed(file)
                    .clean()
                    .filePrefix(prefix)
                    .build();
            Path generated =
                    new SequenceGenerator(config).write(staging).files().get(0);
            Files.writeString(generated, probe(file) + "\r\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.move(generated, events.resolve(generated.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            return clock.instant();
        }

        /** A BUY_ITEMS row of 1 SFL for the file's own probe project. */
        private String probe(long file) {
            String ts = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(TS);
            String props =
                    "{\"\"chainId\"\":\"\"137\"\",\"\"currencyAddress\"\":\"\"0xd1f9c58e33933a993a3891f8acfe05a68e1afc05\"\","
                            + "\"\"currencySymbol\"\":\"\"SFL\"\"}";
            String nums =
                    "{\"\"currencyValueRaw\"\":\"\"1000000000000000000\"\",\"\"currencyValueDecimal\"\":\"\"1\"\"}";
            return String.join(
                    ",",
                    List.of(
                                    "seq-market",
                                    ts,
                                    "BUY_ITEMS",
                                    Long.toString(PROBE_BASE + file),
                                    "",
                                    "1",
                                    "probe",
                                    "probe",
                                    "DE",
                                    "desktop",
                                    "linux",
                                    "x86_64",
                                    "firefox",
                                    "124.0",
                                    props,
                                    nums)
                            .stream()
                            .map(field -> "\"" + field + "\"")
                            .toList());
        }
    }

    /** A connection to the warehouse once the sink has created its table. */
    private static Connection awaitWarehouse(Path file, Thread pipeline, RunCommandLine command) throws Exception {
        long deadline = System.nanoTime() + WARMUP_TIMEOUT.toNanos();
        while (true) {
            requireRunning(pipeline, command);
            if (Files.exists(file)) {
                Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                try (ResultSet tables = connection.getMetaData().getTables(null, null, "daily_volume", null)) {
                    if (tables.next()) {
                        return connection;
                    }
                }
                connection.close();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warehouse " + file + " was not created within " + WARMUP_TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void awaitVisible(
            Connection connection,
            Map<Long, Instant> visible,
            List<Long> files,
            Duration timeout,
            Thread pipeline,
            RunCommandLine command)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!visible.keySet().containsAll(files)) {
            requireRunning(pipeline, command);
            if (System.nanoTime() > deadline) {
                long missing = files.stream()
                        .filter(file -> !visible.containsKey(file))
                        .count();
                throw new IllegalStateException(
                        missing + " of " + files.size() + " files were not in the warehouse within " + timeout);
            }
            poll(connection, visible);
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Records when each probe row was written by the sink, the first time it is seen. */
    private static void poll(Connection connection, Map<Long, Instant> visible) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT project_id, updated_at FROM daily_volume WHERE length(project_id) = 7 AND project_id >= ?")) {
            query.setString(1, Long.toString(PROBE_BASE));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long file = Long.parseLong(rows.getString(1)) - PROBE_BASE;
                    visible.putIfAbsent(
                            file, rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
                }
            }
        }
    }

    private static void requireRunning(Thread pipeline, RunCommandLine command) {
        if (!pipeline.isAlive()) {
            throw new IllegalStateException("daybook run stopped: " + command.errors());
        }
    }
}
