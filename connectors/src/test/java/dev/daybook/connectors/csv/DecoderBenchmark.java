package dev.daybook.connectors.csv;

import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.GeneratorConfig;
import dev.daybook.connectors.generate.SequenceGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A by-hand measurement of decoder throughput, not a test: generates rows with the default anomaly
 * mix, then decodes them a few times, printing rows per second of wall-clock and of this thread's
 * CPU time (the latter is steadier on a busy machine). See docs/input-format.md for how to run it.
 *
 * <p>Arguments: {@code [rows] [rounds] [gzip]}, default {@code 1000000 5 false}.
 */
public final class DecoderBenchmark {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean gzip = args.length > 2 && Boolean.parseBoolean(args[2]);
        Path dir = Files.createTempDirectory("daybook-bench");
        try {
            long start = System.nanoTime();
            GenerationSummary summary = new SequenceGenerator(GeneratorConfig.builder()
                            .rows(rows)
                            .rowsPerFile(rows)
                            .gzip(gzip)
                            .build())
                    .write(dir);
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = Files.size(summary.files().get(0));
            System.out.printf(
                    "generated %,d rows (%,d bytes, gzip=%s) in %.1f s: %,.0f rows/s%n",
                    rows, bytes, gzip, seconds, rows / seconds);
            for (int round = 1; round <= rounds; round++) {
                decode(summary.files().get(0), gzip, round);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void decode(Path file, boolean gzip, int round) throws IOException, BadHeaderException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        InputStream in = Files.newInputStream(file);
        if (gzip) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        DecodeStats stats;
        try (SequenceDecoder decoder = SequenceDecoder.open(in, file.toUri().toString(), 0)) {
            while (decoder.next() != null) {
                // the decoder counts
            }
            stats = decoder.stats();
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf(
                "round %d: %,d rows in %.2f s wall (%,.0f rows/s), %.2f s CPU (%,.0f rows/s); %s%n",
                round,
                stats.rows(),
                wallSeconds,
                stats.rows() / wallSeconds,
                cpuSeconds,
                stats.rows() / cpuSeconds,
                stats);
    }
}
