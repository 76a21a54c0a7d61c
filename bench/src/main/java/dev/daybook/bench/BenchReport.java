package dev.daybook.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daybook.schemas.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one throughput run, printed as a table for people and as one JSON object (the last line of
 * standard output) for scripts.
 *
 * @param rows         rows in the input files, of every kind
 * @param transactions rows that are transactions, duplicates included
 * @param csvBytes     bytes of the input files
 * @param endToEnd     first byte of input read to the end of the run, every table written
 * @param stages       ingest, aggregate, sink: when each was busy and with how much
 * @param duckdb       the reference query alone
 * @param kafkaBytes   bytes on the broker's disk per topic after the run
 * @param cpuSeconds   CPU time of the measured run by part of the process
 */
record BenchReport(
        long rows,
        long transactions,
        long csvBytes,
        String guarantee,
        Duration endToEnd,
        List<Stage> stages,
        Duration duckdb,
        TableComparison.Outcome comparison,
        MemoryWatch.Peaks memory,
        Map<String, Long> kafkaBytes,
        Map<String, Double> cpuSeconds) {

    /**
     * @param span  from the stage's first input to its last output
     * @param items what it processed in that span
     * @param unit  what the items are
     * @param from  how the span starts and ends, for people
     */
    record Stage(String name, Duration span, long items, String unit, String from) {
        double perSecond() {
            return BenchReport.perSecond(items, span);
        }
    }

    private static final long MB = 1024 * 1024;

    double rowsPerSecond() {
        return perSecond(rows, endToEnd);
    }

    double duckdbRowsPerSecond() {
        return perSecond(rows, duckdb);
    }

    long kafkaBytesTotal() {
        return kafkaBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Daybook benchmark: %,d rows (%,d transactions, %,.0f MB of CSV), %s%n",
                rows,
                transactions,
                csvBytes / (double) MB,
                guarantee);
        out.printf(Locale.ROOT, "  %-12s %9s %14s  %s%n", "stage", "seconds", "per second", "measured from");
        out.printf(
                Locale.ROOT,
                "  %-12s %9.2f %,14.0f  %s%n",
                "end to end",
                seconds(endToEnd),
                rowsPerSecond(),
                "first byte read to the end of the run (rows)");
        for (Stage stage : stages) {
            out.printf(
                    Locale.ROOT,
                    "  %-12s %9.2f %,14.0f  %s (%s)%n",
                    stage.name(),
                    seconds(stage.span()),
                    stage.perSecond(),
                    stage.from(),
                    stage.unit());
        }
        out.printf(
                Locale.ROOT,
                "  %-12s %9.2f %,14.0f  one SQL query over the same files (rows)%n",
                "DuckDB",
                seconds(duckdb),
                duckdbRowsPerSecond());
        out.printf(Locale.ROOT, "  Daybook / DuckDB: %.2f%n", rowsPerSecond() / duckdbRowsPerSecond());
        out.printf(
                Locale.ROOT,
                "  tables equal: %s (%,d rows of day and project)%n",
                comparison.equal() ? "yes" : "NO",
                comparison.rows());
        comparison.differences().forEach(difference -> out.println("    " + difference));
        out.printf(
                Locale.ROOT,
                "  memory: peak heap used %,d MB (live after GC %,d MB, maximum %,d MB), peak RSS %,d MB%n",
                memory.heapUsed() / MB,
                memory.heapLiveAfterGc() / MB,
                memory.heapMax() / MB,
                memory.residentSet() / MB);
        out.printf(
                Locale.ROOT,
                "  Kafka: %,.1f bytes per row on disk (the CSV has %,.1f)%n",
                kafkaBytesTotal() / (double) rows,
                csvBytes / (double) rows);
        kafkaBytes.entrySet().stream()
                .filter(topic -> topic.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(topic -> out.printf(
                        Locale.ROOT,
                        "    %-56s %,14d B %8.1f B/row%n",
                        topic.getKey(),
                        topic.getValue(),
                        topic.getValue() / (double) rows));
        out.println("  CPU of the run, by part:                  seconds  µs per row");
        cpuSeconds.forEach((part, seconds) ->
                out.printf(Locale.ROOT, "    %-40s %8.1f %10.2f%n", part, seconds, microsPerRow(seconds)));
        out.printf(
                Locale.ROOT,
                "    %-40s %8.1f %10.2f%n",
                "total without the JIT compilers",
                cpuSecondsWithoutJit(),
                microsPerRow(cpuSecondsWithoutJit()));
    }

    /** One line of JSON. */
    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", rows);
        json.put("transactions", transactions);
        json.put("csv_bytes", csvBytes);
        json.put("processing_guarantee", guarantee);
        json.put("seconds", round(seconds(endToEnd)));
        json.put("rows_per_second", Math.round(rowsPerSecond()));
        for (Stage stage : stages) {
            json.put(stage.name() + "_seconds", round(seconds(stage.span())));
            json.put(stage.name() + "_per_second", Math.round(stage.perSecond()));
        }
        json.put("duckdb_seconds", round(seconds(duckdb)));
        json.put("duckdb_rows_per_second", Math.round(duckdbRowsPerSecond()));
        json.put("ratio", round(rowsPerSecond() / duckdbRowsPerSecond()));
        json.put("tables_equal", comparison.equal());
        json.put("table_rows", comparison.rows());
        json.put("peak_heap_mb", memory.heapUsed() / MB);
        json.put("peak_heap_live_mb", memory.heapLiveAfterGc() / MB);
        json.put("peak_rss_mb", memory.residentSet() < 0 ? null : memory.residentSet() / MB);
        json.put("kafka_bytes_per_row", round(kafkaBytesTotal() / (double) rows));
        json.put("csv_bytes_per_row", round(csvBytes / (double) rows));
        json.put("cpu_seconds", round(cpuSeconds.getOrDefault("total", 0.0)));
        Map<String, Double> perRow = new LinkedHashMap<>();
        cpuSeconds.forEach((part, seconds) -> perRow.put(part, round(microsPerRow(seconds))));
        json.put("cpu_us_per_row", perRow);
        json.put("cpu_us_per_row_without_jit", round(microsPerRow(cpuSecondsWithoutJit())));
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    /** The whole process's CPU seconds less the JIT compilers': what the pipeline itself costs once compiled. */
    double cpuSecondsWithoutJit() {
        return cpuSeconds.getOrDefault(CpuAccount.TOTAL, 0.0) - cpuSeconds.getOrDefault(CpuAccount.JIT, 0.0);
    }

    double microsPerRow(double seconds) {
        return seconds * 1e6 / rows;
    }

    static double perSecond(long items, Duration span) {
        return span.isZero() || span.isNegative() ? 0 : items / seconds(span);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
