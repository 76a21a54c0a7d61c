package dev.daybook.app.ingest;

import dev.daybook.app.cli.options.ByteSizeConverter;
import dev.daybook.app.cli.options.DurationConverter;
import dev.daybook.app.cli.options.PositiveIntConverter;
import dev.daybook.app.cli.options.SourceOptions;
import dev.daybook.connectors.csv.TimestampRange;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** How the ingester batches its Kafka transactions, how many producers it runs and retries; use as a picocli {@code @Mixin}. */
public final class IngestOptions {

    @Option(
            names = "--ingest-batch-rows",
            paramLabel = "N",
            converter = PositiveIntConverter.class,
            defaultValue = "10000",
            description = "Commit a Kafka transaction once it holds this many rows (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(
            names = "--ingest-batch-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1s",
            description =
                    "Commit a Kafka transaction at the latest this long after it began: how soon ingested rows become visible"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration batchInterval;

    @Option(
            names = "--ingest-workers",
            paramLabel = "N",
            converter = PositiveIntConverter.class,
            defaultValue = "2",
            description = "Transactional Kafka producers writing ingested rows (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--ingest-instance",
            paramLabel = "i/n",
            converter = IngestInstance.Converter.class,
            defaultValue = "0/1",
            description = "Share of the source's files this process ingests when n processes ingest the same source"
                    + " (default: ${DEFAULT-VALUE}: all of them).")
    IngestInstance instance;

    @Option(
            names = "--ingest-retries",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "With --once, retries of a file whose reading fails transiently before it is left for the next run;"
                            + " continuous ingestion retries without limit (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--ingest-retry-backoff",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1s",
            description = "Wait before the first retry of a file, doubled for each next one ("
                    + "default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(
            names = "--ingest-retry-backoff-max",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "Longest wait between retries of a file (default: ${DEFAULT-VALUE}).")
    Duration retryBackoffMax;

    @Option(
            names = "--ingest-ts-from",
            paramLabel = "TIME",
            converter = InstantConverter.class,
            defaultValue = "2000-01-01T00:00:00Z",
            description = "Earliest event time (ts) accepted; an earlier row is dead-lettered as ts_out_of_range"
                    + " (default: ${DEFAULT-VALUE}).")
    Instant tsFrom;

    @Option(
            names = "--ingest-ts-until",
            paramLabel = "TIME",
            converter = InstantConverter.class,
            defaultValue = "2100-01-01T00:00:00Z",
            description = "Event times (ts) from this one on are dead-lettered as ts_out_of_range"
                    + " (default: ${DEFAULT-VALUE}).")
    Instant tsUntil;

    @Option(
            names = "--max-decompressed-bytes",
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            defaultValue = "10GiB",
            description =
                    "Most bytes a gzip file may decompress to; one that decompresses to more (a gzip bomb) is dead-lettered as"
                            + " decompressed_too_large after the rows before the cap (default: ${DEFAULT-VALUE}).")
    long maxDecompressedBytes;

    @Option(
            names = "--retry-failed",
            defaultValue = "false",
            description =
                    "Read the files that had failed as a whole (dead-lettered, e.g. refused by a transient 403) once more, from"
                            + " where they failed; each is retried once per start (default: ${DEFAULT-VALUE}).")
    boolean retryFailed;

    /** The settings, with {@code --max-objects-in-flight} from the source options. */
    public IngestSettings settings(SourceOptions source) {
        if (!tsFrom.isBefore(tsUntil)) {
            throw new IllegalArgumentException(
                    "--ingest-ts-from " + tsFrom + " must be before --ingest-ts-until " + tsUntil);
        }
        return new IngestSettings(
                batchRows,
                batchInterval,
                workers,
                source.maxObjectsInFlight(),
                instance,
                retries,
                retryBackoff,
                retryBackoffMax,
                new TimestampRange(tsFrom, tsUntil),
                maxDecompressedBytes,
                retryFailed);
    }
}
