package dev.daybook.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where the process's CPU time goes, by part of the pipeline: Java threads by name (sampled as the run goes,
 * so that threads ending before the run does still count), the JIT compilers and the garbage collector from
 * {@code /proc/self/task}, and the rest of the process (native threads such as RocksDB's and DuckDB's) as the
 * difference to the process's total.
 */
final class CpuAccount {

    /** A part of the process and how to recognise its Java threads by name. */
    private record Part(String name, Predicate<String> threads) {}

    private static final List<Part> PARTS = List.of(
            new Part("ingest", name -> name.contains("ingest")),
            new Part("aggregate", name -> name.contains("StreamThread") || name.contains("StateUpdater")),
            new Part("sink", name -> name.equals("daybook-once") || name.contains("sink")),
            new Part("bench", name -> name.startsWith("daybook-bench")));
    private static final String BROKER_AND_OTHER_JAVA = "broker and other Java threads";
    static final String JIT = "JIT compilers";
    static final String TOTAL = "total";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> latest = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private Map<String, Long> nativeBaseline;
    private long processBaseline;

    /** Starts counting from now. */
    synchronized void start() {
        baseline.clear();
        latest.clear();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    baseline.put(info.getThreadId(), cpu);
                }
            }
        }
        nativeBaseline = nativeThreadTicks();
        processBaseline = os.getProcessCpuTime();
    }

    /** Records every live thread's CPU time; call often enough that short-lived threads are seen. */
    synchronized void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    latest.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
    }

    /** CPU seconds since {@link #start()} by part, and {@value #TOTAL}. */
    synchronized Map<String, Double> stop() {
        sample();
        Map<String, Double> seconds = new LinkedHashMap<>();
        PARTS.forEach(part -> seconds.put(part.name(), 0.0));
        seconds.put(BROKER_AND_OTHER_JAVA, 0.0);
        double java = 0;
        for (Map.Entry<Long, Long> thread : latest.entrySet()) {
            double used = (thread.getValue() - baseline.getOrDefault(thread.getKey(), 0L)) / 1e9;
            String name = names.get(thread.getKey());
            String part = PARTS.stream()
                    .filter(p -> p.threads().test(name))
                    .map(Part::name)
                    .findFirst()
                    .orElse(BROKER_AND_OTHER_JAVA);
            seconds.merge(part, used, Double::sum);
            java += used;
        }
        Map<String, Long> nativeTicks = nativeThreadTicks();
        double jit = ticksSince(nativeTicks, name -> name.contains("CompilerThre"));
        double gc = ticksSince(
                nativeTicks,
                name -> name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread"));
        double total = (os.getProcessCpuTime() - processBaseline) / 1e9;
        seconds.put(JIT, jit);
        seconds.put("garbage collector", gc);
        seconds.put("native threads (RocksDB, DuckDB, ...)", Math.max(0, total - java - jit - gc));
        seconds.put(TOTAL, total);
        return seconds;
    }

    private double ticksSince(Map<String, Long> now, Predicate<String> names) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            String name = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
            if (names.test(name)) {
                ticks += thread.getValue() - nativeBaseline.getOrDefault(thread.getKey(), 0L);
            }
        }
        return ticks / 100.0;
    }

    /** User and system clock ticks (1/100 s) of every thread of this process, keyed "tid name". */
    private static Map<String, Long> nativeThreadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended while it was being read
                }
            }
        } catch (IOException notLinux) {
            return Map.of();
        }
        return ticks;
    }
}
