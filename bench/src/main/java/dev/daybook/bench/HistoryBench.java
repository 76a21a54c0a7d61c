package dev.daybook.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 *       and then has nothing new, measured for {@code duration} after {@code settle}: the CPU it takes (cores), by
 *       part of the process ({@link CpuAccount}), and its heap after a garbage collection. The new file makes it
 *       idle as a running pipeline is between files: a pipeline that has processed nothing since its start commits
 *       nothing whatever it does. The file is removed afterwards so that the data stays reusable.</li>
 * </ul>
 *
 * CPU is the whole process's, the broker's included.
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
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("files", files);
        figures.put("rows", rows);
        figures.put("one_file_wall_s", BenchReport.round(one.wall().toMillis() / 1000.0));
        figures.put("one_file_cpu_s", BenchReport.round(one.cpuSeconds()));
        figures.put("small_files_wall_s", BenchReport.round(small.wall().toMillis() / 1000.0));
        figures.put("small_files_cpu_s", BenchReport.round(small.cpuSeconds()));
        figures.put("per_object_wall_ms", BenchReport.round(wallMsPerObject));
        figures.put("per_object_cpu_ms", BenchReport.round(cpuMsPerObject));
        out.println(jsonLine("small-files", figures));
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
            IdleMeasure idle;
            try {
                idle = measureIdle(settle, duration);
            } finally {
                running.interrupt();
                running.join();
                Files.delete(landed);
            }
            out.printf(Locale.ROOT, "%,d files ingested by run --once:    %s%n", files, first.describe());
            out.printf(Locale.ROOT, "run --once again, nothing new:     %s%n", again.describe());
            out.printf(
                    Locale.ROOT,
                    "run, idle over %s after %s:        %.3f cores, heap after GC %,d MiB (load average %.1f)%n",
                    duration,
                    settle,
                    idle.cores(),
                    idle.heapBytes() >> 20,
                    OS.getSystemLoadAverage());
            out.println("  idle CPU by part:                         cores");
            idle.coresByPart().forEach((part, used) -> out.printf(Locale.ROOT, "    %-40s %7.4f%n", part, used));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("files", files);
            figures.put("ingest_wall_s", BenchReport.round(first.wall().toMillis() / 1000.0));
            figures.put("ingest_cpu_s", BenchReport.round(first.cpuSeconds()));
            figures.put("rerun_wall_s", BenchReport.round(again.wall().toMillis() / 1000.0));
            figures.put("rerun_cpu_s", BenchReport.round(again.cpuSeconds()));
            figures.put("idle_cores", idle.cores());
            figures.put("idle_cores_by_part", idle.coresByPart());
            figures.put("heap_mib", idle.heapBytes() >> 20);
            out.println(jsonLine("idle", figures));
        }
    }

    /** The process's CPU by part in cores (to 1/10,000), and its heap after a garbage collection at the end. */
    private record IdleMeasure(Map<String, Double> coresByPart, long heapBytes) {
        double cores() {
            return coresByPart.get(CpuAccount.TOTAL);
        }
    }

    /** Waits {@code settle}, then measures over {@code duration}. */
    private static IdleMeasure measureIdle(Duration settle, Duration duration) throws InterruptedException {
        Thread.sleep(settle.toMillis());
        CpuAccount cpu = new CpuAccount();
        cpu.start();
        long before = System.nanoTime();
        Thread.sleep(duration.toMillis());
        Map<String, Double> seconds = cpu.stop();
        double elapsed = (System.nanoTime() - before) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        seconds.forEach((part, used) -> cores.put(part, Math.round(used / elapsed * 1e4) / 1e4));
        System.gc();
        return new IdleMeasure(
                cores, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** One line of JSON: the mode, its figures and the load average. */
    private static String jsonLine(String mode, Map<String, Object> figures) throws JsonProcessingException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode);
        json.putAll(figures);
        json.put("load_average", BenchReport.round(OS.getSystemLoadAverage()));
        return Json.MAPPER.writeValueAsString(json);
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
