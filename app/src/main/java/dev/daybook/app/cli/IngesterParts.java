package dev.daybook.app.cli;

import dev.daybook.app.cli.options.GcsOptions;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.app.ingest.IngestOptions;
import dev.daybook.app.ingest.Ingester;
import dev.daybook.app.ingest.ProgressIndex;
import dev.daybook.app.kafka.KafkaSettings;
import dev.daybook.app.run.Closer;
import dev.daybook.connectors.source.OpenedSource;
import dev.daybook.connectors.source.Sources;
import dev.daybook.schemas.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ingester of {@code daybook run} and {@code daybook ingest}, and the progress index it reads, which also holds
 * the totals of all runs.
 */
record IngesterParts(ProgressIndex index, Ingester ingester) {

    /**
     * Opens the progress index in {@code <state-dir>/ingest} and the source, which remembers its files' fingerprints in
     * the index, and makes the ingester of both; {@code closer} closes the index and the source, after the ingester.
     */
    static IngesterParts open(
            Closer closer,
            StateDirOptions state,
            SourceOptions source,
            GcsOptions gcs,
            IngestOptions ingest,
            KafkaSettings kafka,
            TopicCatalogue topics,
            MeterRegistry meters) {
        ProgressIndex index = closer.add(ProgressIndex.open(state.ingest(), topics.ingestProgress()));
        OpenedSource opened = closer.add(Sources.open(source.settings(), gcs.settings(), meters, index));
        return new IngesterParts(
                index,
                new Ingester(
                        ingest.settings(source), kafka, topics, opened.source(), opened.discoveries(), index, meters));
    }
}
