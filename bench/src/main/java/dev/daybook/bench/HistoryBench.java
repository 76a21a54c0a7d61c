package dev.daybook.bench;

import dev.daybook.app.kafka.EmbeddedKafka;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What objects cost beyond their rows, and what the objects ingested before cost when nothing is new (issue #12:
 * cost that grows with history instead of with new data), measured with {@code daybook run} in this process on
 * an embedded broker the benchmark owns:
 *
 * <ul>
 *   <li>{@code --small-files N}: the same rows ingested by {@code run --once} as one file, then as {@code N} files
 *       of {@link #ROWS_PER_SMALL_FILE} rows, each on a fresh broker, after an unmeasured run on the small files
 *       so that neither pays for the JIT; the difference, divided by {@code N}, is what an object costs (wall and
 *       CPU);</li>
 *   <li>{@code --idle N}: {@code N} small files ingested by {@code run --once}; then {@code run --once} again with
 *       nothing new (start-up with that history); then {@code run} continuously, which ingests one new small file
 *       and then has nothing new, measured for {@code duration} after {@code settle}: the CPU it takes (cores) and
 *       its heap after a garbage collection, with the CPU by part of the process ({@link CpuAccount}). The new file makes it idle as a running pipeline is between files: a
 *       pipeline that has processed nothing since its start commits nothing whatever it does, and the file is
 *       removed afterwards so that the data stays reusable.</li>
 * </ul>
 *
 * CPU is the whole process's ({@code getProcessCpuTime}), the broker's included.
 */
final class HistoryBench {

    static final long ROWS_PER_SMALL_FILE = 5;

    private static final Logger log = LoggerFactory.getLogger(HistoryBench.class);
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Wall time and process CPU seconds of one step. */
    record Measure(Duration wall, double cpuSeconds) {
        String describe() {
            return String.format(Locale.ROOT, "%.1f s wall, %.1f CPU s", wall.toMillis() / 1000.0, cpuSeconds);
        }
    }

    private final Path scratch;
    private final List<String> runOptions;

    HistoryBench(Path scratch, List<String> runOptions) {
        this.scratch = scratch;
        this.runOptions = List.copyOf(runOptions);
    }

    /** {@code --small-files}: prints the figures and one JSON line. */
    void smallFiles(long files, PrintStream out) throws Exception {
        long rows = files * ROWS_PER_SMALL_FILE;
        BenchData.Layout oneFile = BenchData.prepare(scratch.resolve("one-file"), rows, rows);
        BenchData.Layout many = BenchData.prepare(scratch.resolve("small-files"), rows, ROWS_PER_SMALL_FILE);
        once(many, scratch.resolve("run-warmup"));
        Measure one = once(oneFile, scratch.resolve("run-one-file"));
        Measure small = once(many, scratch.resolve("run-small-files"));
        double wallMsPerObject = (small.wall().toMillis() - one.wall().toMillis()) / (double) files;
        double cpuMsPerObject = (small.cpuSeconds() - one.cpuSeconds()) * 1000 / files;
        out.printf(Locale.ROOT, "%,d rows as one file:       %s%n", rows, one.describe());
        out.printf(Locale.ROOT, "%,d rows as %,d files:  %s%n", rows, files, small.describe());
        out.printf(
                Locale.ROOT,
                "per object: %.2f ms wall, %.2f ms CPU (load average %.1f)%n",
                wallMsPerObject,
                cpuMsPerObject,
                OS.getSystemLoadAverage());
        out.printf(
                Locale.ROOT,
                "{\"mode\":\"small-files\",\"files\":%d,\"rows\":%d,\"one_file_wall_s\":%.3f,\"one_file_cpu_s\":%.3f,"
                        + "\"small_files_wall_s\":%.3f,\"small_files_cpu_s\":%.3f,\"per_object_wall_ms\":%.3f,"
                        + "\"per_object_cpu_ms\":%.3f,\"load_average\":%.2f}%n",
                files,
                rows,
                one.wall().toMillis() / 1000.0,
                one.cpuSeconds(),
                small.wall().toMillis() / 1000.0,
                small.cpuSeconds(),
                wallMsPerObject,
                cpuMsPerObject,
                OS.getSystemLoadAverage());
    }

    /** {@code --idle}: prints the figures and one JSON line. */
    void idle(long files, Duration settle, Duration duration, PrintStream out) throws Exception {
        BenchData.Layout data =
                BenchData.prepare(scratch.resolve("idle-files"), files * ROWS_PER_SMALL_FILE, ROWS_PER_SMALL_FILE);
        Path work = scratch.resolve("run-idle");
        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"))) {
            String bootstrap = KafkaSettings.of(kafka.start()).bootstrapServers();
            Measure first = measure(() -> execute(command(true, data, work, bootstrap)));
            Measure again = measure(() -> execute(command(true, data, work, bootstrap)));
            RunCommandLine continuous = command(false, data, work, bootstrap);
            Thread running = new Thread(continuous::execute, "daybook-bench-idle-run");
            running.start();
            Path landed = landNewFile(data.events());
            double cores;
            Map<String, Double> coresByPart = new LinkedHashMap<>();
            long heap;
            try {
                Thread.sleep(settle.toMillis());
                CpuAccount cpu = new CpuAccount();
                cpu.start();
                long before = System.nanoTime();
                Thread.sleep(duration.toMillis());
                Map<String, Double> seconds = cpu.stop();
                double elapsed = (System.nanoTime() - before) / 1e9;
                seconds.forEach((part, used) -> coresByPart.put(part, Math.round(used / elapsed * 1e4) / 1e4));
                cores = coresByPart.get(CpuAccount.TOTAL);
                System.gc();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                running.interrupt();
                running.join();
            } finally {
                Files.delete(landed);
            }
            out.printf(Locale.ROOT, "%,d files ingested by run --once:    %s%n", files, first.describe());
            out.printf(Locale.ROOT, "run --once again, nothing new:     %s%n", again.describe());
            out.printf(
                    Locale.ROOT,
                    "run, idle over %s after %s:        %.3f cores, heap after GC %,d MiB (load average %.1f)%n",
                    duration,
                    settle,
                    cores,
                    heap >> 20,
                    OS.getSystemLoadAverage());
            out.println("  idle CPU by part:                         cores");
            coresByPart.forEach((part, used) -> out.printf(Locale.ROOT, "    %-40s %7.4f%n", part, used));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", "idle");
            json.put("files", files);
            json.put("ingest_wall_s", first.wall().toMillis() / 1000.0);
            json.put("ingest_cpu_s", first.cpuSeconds());
            json.put("rerun_wall_s", again.wall().toMillis() / 1000.0);
            json.put("rerun_cpu_s", again.cpuSeconds());
            json.put("idle_cores", cores);
            json.put("idle_cores_by_part", coresByPart);
            json.put("heap_mib", heap >> 20);
            json.put("load_average", Math.round(OS.getSystemLoadAverage() * 100) / 100.0);
            out.println(Json.MAPPER.writeValueAsString(json));
        }
    }

    /** A small file of rows not in {@code events}, written aside and renamed into it; returns where it landed. */
    private Path landNewFile(Path events) throws IOException {
        Path aside = scratch.resolve("idle-new");
        GeneratorConfig config = BenchData.config(ROWS_PER_SMALL_FILE, ROWS_PER_SMALL_FILE).toBuilder()
                .seed(BenchData.SEED + 1)
                .filePrefix("idle-new")
                .build();
        new SequenceGenerator(config).write(aside);
        try (Stream<Path> written = Files.list(aside)) {
            Path file = written.findFirst().orElseThrow();
            return Files.move(file, events.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Measure once(BenchData.Layout data, Path work) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"))) {
            String bootstrap = KafkaSettings.of(kafka.start()).bootstrapServers();
            return measure(() -> execute(command(true, data, work, bootstrap)));
        }
    }

    private RunCommandLine command(boolean once, BenchData.Layout data, Path work, String bootstrap) {
        return new RunCommandLine(
                once,
                work,
                bootstrap,
                data.events(),
                data.tokens(),
                data.rates(),
                work.resolve("daybook.duckdb"),
                "daybook.bench-sink",
                runOptions);
    }

    private static void execute(RunCommandLine run) {
        int exitCode = run.execute();
        if (exitCode != 0) {
            throw new IllegalStateException("daybook run failed (exit code " + exitCode + "): " + run.errors());
        }
    }

    private static Measure measure(Runnable step) {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        step.run();
        Measure measured =
                new Measure(Duration.ofNanos(System.nanoTime() - start), (OS.getProcessCpuTime() - cpu) / 1e9);
        log.info("Measured: {}", measured.describe());
        return measured;
    }
}
