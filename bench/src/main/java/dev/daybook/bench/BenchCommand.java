package dev.daybook.bench;

import dev.daybook.app.AddOnCommand;
import dev.daybook.app.Daybook;
import dev.daybook.app.cli.ProgressOptions;
import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.app.progress.Progress;
import dev.daybook.app.progress.ProgressReporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code daybook bench}: the reproducible benchmark of docs/benchmarks.md. Generates the data (or reuses
 * {@code --data-dir}), runs {@code daybook run --once} on it in this process and the same aggregation as one
 * DuckDB query, checks that both tables are the same, and prints the figures: a table, then one JSON object
 * as the last line of standard output. {@code --freshness} measures instead how soon rows of new files are
 * in the warehouse while the pipeline runs continuously.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook bench [OPTIONS] [-- RUN_OPTIONS...]",
        description = {
            "Benchmarks the whole pipeline in this process (embedded broker, exactly-once, DuckDB) against one"
                    + " DuckDB SQL query over the same generated files, and checks that both give the same table.",
            "Options after -- go to daybook run, e.g. -- --commit-interval PT0.5S."
        })
public final class BenchCommand implements AddOnCommand {

    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);

    @ParentCommand
    Daybook daybook;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the generated data is kept and reused by later runs of the same size ("
                    + "default: a temporary directory, deleted afterwards).")
    Path dataDir;

    @Option(
            names = "--warmup-rows",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Run the pipeline once on this many rows first, unmeasured, so that the measured run finds the"
                            + " JVM's compilers done (default: ${DEFAULT-VALUE}).")
    long warmupRows;

    @Option(
            names = "--freshness",
            defaultValue = "false",
            description = "Measure freshness instead: new files at --rate for --duration into the running pipeline"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean freshness;

    @Option(
            names = "--rate",
            paramLabel = "ROWS_PER_SECOND",
            defaultValue = "5000",
            description = "Rows per second written in --freshness mode (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "60s",
            description = "How long --freshness writes new files, and --idle measures (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--small-files",
            paramLabel = "N",
            defaultValue = "0",
            description = "Measure instead what an object costs beyond its rows: N files of 5 rows against the same"
                    + " rows in one file, each by run --once (default: ${DEFAULT-VALUE}, off).")
    long smallFiles;

    @Option(
            names = "--idle",
            paramLabel = "N",
            defaultValue = "0",
            description = "Measure instead what N files ingested before cost: run --once again with nothing new, then"
                    + " the CPU of a continuous run that ingests one new file and then idles, over --duration after"
                    + " --settle (default: ${DEFAULT-VALUE}, off).")
    long idleFiles;

    @Option(
            names = "--settle",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "How long --idle lets the continuous run start before measuring (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = "Record the measured run with Java Flight Recorder into FILE (e.g. bench.jfr), and write its"
                    + " CPU samples next to it as folded stacks for a flame graph, e.g. bench.folded (default: none).")
    Path profile;

    @Mixin
    ProgressOptions progress;

    @Parameters(paramLabel = "RUN_OPTIONS", description = "Options for daybook run, after --.")
    List<String> runOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || warmupRows < 0 || rate < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "--rows, --rate and --duration must be positive, --warmup-rows not negative");
        }
        PrintStream out = daybook.out();
        Path scratch = Files.createTempDirectory("daybook-bench");
        try {
            if (smallFiles > 0 || idleFiles > 0) {
                HistoryBench history = new HistoryBench(scratch, runOptions);
                if (smallFiles > 0) {
                    history.smallFiles(smallFiles, out);
                }
                if (idleFiles > 0) {
                    history.idle(idleFiles, settle, duration, out);
                }
                return 0;
            }
            if (freshness) {
                FreshnessReport report = new FreshnessBench(scratch, rate, duration, runOptions).run();
                report.print(out);
                out.println(report.toJson());
                return 0;
            }
            Path data = dataDir != null ? dataDir : scratch.resolve("data");
            Function<Supplier<Progress>, ProgressReporter> reporting = supplier ->
                    progress.start("bench", supplier, spec.commandLine().getErr());
            if (warmupRows > 0) {
                log.info("Warming up on {} rows", warmupRows);
                new ThroughputBench(
                                BenchData.prepare(scratch.resolve("warmup-data"), warmupRows),
                                scratch.resolve("warmup"),
                                runOptions,
                                reporting,
                                null)
                        .run();
            }
            log.info("Generating {} rows in {} (kept: {})", rows, data, dataDir != null);
            BenchData.Layout layout = BenchData.prepare(data, rows);
            BenchReport report =
                    new ThroughputBench(layout, scratch.resolve("run"), runOptions, reporting, profile).run();
            report.print(out);
            out.println(report.toJson());
            return report.comparison().equal() ? 0 : 1;
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
