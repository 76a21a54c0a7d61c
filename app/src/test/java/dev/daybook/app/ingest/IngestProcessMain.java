package dev.daybook.app.ingest;

import dev.daybook.app.cli.options.GcsOptions;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.run.FatalErrors;
import dev.daybook.connectors.source.ObjectSource;
import dev.daybook.connectors.source.OpenedSource;
import dev.daybook.connectors.source.Sources;
import dev.daybook.schemas.Json;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code daybook ingest --once} in a JVM of its own, for the tests that kill an ingester or limit its heap.
 * Prints the stats as JSON on standard output. With {@code --stall-after-bytes N} every object opened at its
 * start stops delivering bytes after N stored bytes, so that a test can kill the process at a known place; with
 * {@code --error-after-bytes N} its reader meets an OutOfMemoryError there instead. Errors are handled as
 * {@code daybook}'s own main does ({@link FatalErrors}).
 */
@Command(name = "ingest-process")
public final class IngestProcessMain implements Callable<Integer> {

    @Mixin
    SourceOptions source;

    @Mixin
    GcsOptions gcs;

    @Mixin
    IngestOptions ingest;

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrapServers;

    @Option(names = "--topic-prefix", required = true)
    String topicPrefix;

    @Option(names = "--state-dir", required = true)
    Path stateDir;

    @Option(names = "--stall-after-bytes", defaultValue = "-1")
    long stallAfterBytes;

    @Option(names = "--error-after-bytes", defaultValue = "-1")
    long errorAfterBytes;

    public static void main(String[] args) {
        FatalErrors.install();
        System.exit(new CommandLine(new IngestProcessMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TopicCatalogue topics = TopicCatalogue.forPrefix(topicPrefix);
        try (ProgressIndex index = ProgressIndex.open(stateDir.resolve("ingest"), topics.ingestProgress());
                OpenedSource opened = Sources.open(source.settings(), gcs.settings(), meters, index)) {
            ObjectSource objects = opened.source();
            if (stallAfterBytes >= 0) {
                objects = TestSources.FailingFromStart.stalling(objects, stallAfterBytes);
            } else if (errorAfterBytes >= 0) {
                objects = TestSources.FailingFromStart.throwingError(objects, errorAfterBytes);
            }
            try (Ingester ingester = new Ingester(
                    ingest.settings(source),
                    KafkaSettings.of(bootstrapServers),
                    topics,
                    objects,
                    opened.discoveries(),
                    index,
                    meters)) {
                long started = System.nanoTime();
                IngestStats stats = ingester.runOnce();
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.println(Json.MAPPER.writeValueAsString(stats));
                System.err.printf(
                        "ingested %d rows in %d ms: %.0f rows/s%n",
                        stats.rowsRead(), millis, stats.rowsRead() * 1000.0 / millis);
            }
        }
        return 0;
    }
}
