package dev.daybook.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daybook.schemas.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a freshness run measured.
 *
 * @param latencies  per file, the sink's write of its rows minus the file's appearance, sorted
 * @param sustained  rows per second reaching the warehouse, from the first file visible to the last: the input
 *                   rate if the pipeline keeps up, less if it falls behind
 */
record FreshnessReport(
        int rate,
        Duration duration,
        int files,
        long rows,
        List<Duration> latencies,
        double sustained,
        List<Window> windows) {

    /** The files written in one {@link #WINDOW} of the run: how their latencies went, to show stalls. */
    record Window(long fromSecond, Duration median, Duration max) {}

    static final Duration WINDOW = Duration.ofSeconds(10);

    static FreshnessReport of(
            int rate,
            Duration duration,
            int rowsPerFile,
            List<Long> files,
            Map<Long, Instant> written,
            Map<Long, Instant> visible) {
        List<Duration> latencies = files.stream()
                .map(file -> Duration.between(written.get(file), visible.get(file)))
                .sorted()
                .toList();
        Instant first = files.stream().map(visible::get).min(Instant::compareTo).orElseThrow();
        Instant last = files.stream().map(visible::get).max(Instant::compareTo).orElseThrow();
        long rows = (long) files.size() * rowsPerFile;
        // the first file's rows were already there when the span began
        double sustained = BenchReport.perSecond(rows - rowsPerFile, Duration.between(first, last));
        return new FreshnessReport(
                rate, duration, files.size(), rows, latencies, sustained, windows(files, written, visible));
    }

    private static List<Window> windows(List<Long> files, Map<Long, Instant> written, Map<Long, Instant> visible) {
        Instant start = files.stream().map(written::get).min(Instant::compareTo).orElseThrow();
        Map<Long, List<Duration>> byWindow = new TreeMap<>();
        for (long file : files) {
            long window = Duration.between(start, written.get(file)).toSeconds() / WINDOW.toSeconds();
            byWindow.computeIfAbsent(window, w -> new ArrayList<>())
                    .add(Duration.between(written.get(file), visible.get(file)));
        }
        List<Window> windows = new ArrayList<>();
        byWindow.forEach((window, latencies) -> {
            List<Duration> sorted = latencies.stream().sorted().toList();
            windows.add(new Window(
                    window * WINDOW.toSeconds(), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1)));
        });
        return windows;
    }

    /** The latency below which {@code percent} of the files were visible (nearest rank). */
    Duration percentile(double percent) {
        int rank = (int) Math.ceil(percent / 100 * latencies.size());
        return latencies.get(Math.max(0, Math.min(latencies.size() - 1, rank - 1)));
    }

    void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Daybook freshness: %,d rows per second for %ds, %,d files of %,d rows%n",
                rate,
                duration.toSeconds(),
                files,
                rows / Math.max(1, files));
        out.printf(
                Locale.ROOT,
                "  row visible in the warehouse - file written: p50 %.2f s, p99 %.2f s, max %.2f s%n",
                seconds(percentile(50)),
                seconds(percentile(99)),
                seconds(percentile(100)));
        out.printf(Locale.ROOT, "  sustained: %,.0f rows per second%n", sustained);
        out.print("  by " + WINDOW.toSeconds() + " s of writing (from: median/max):");
        windows.forEach(window -> out.printf(
                Locale.ROOT, " %ds: %.1f/%.1f", window.fromSecond(), seconds(window.median()), seconds(window.max())));
        out.println();
    }

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", rate);
        json.put("duration_seconds", duration.toSeconds());
        json.put("files", files);
        json.put("rows", rows);
        json.put("p50_seconds", seconds(percentile(50)));
        json.put("p99_seconds", seconds(percentile(99)));
        json.put("max_seconds", seconds(percentile(100)));
        json.put("rows_per_second", Math.round(sustained));
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
