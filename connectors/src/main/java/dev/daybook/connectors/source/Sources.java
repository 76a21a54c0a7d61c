package dev.daybook.connectors.source;

import dev.daybook.connectors.source.gcs.GcsDiscovery;
import dev.daybook.connectors.source.gcs.GcsSettings;
import dev.daybook.connectors.source.gcs.GcsSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Opens the source a URI names: {@code file:} a local directory, {@code gs:} a GCS bucket prefix. */
public final class Sources {

    private Sources() {}

    /**
     * @param fingerprints where a directory's file fingerprints are remembered across restarts (a bucket's objects have
     *                     theirs in their metadata)
     * @throws IllegalArgumentException with a one-line message for a missing source or an unsupported scheme
     */
    public static OpenedSource open(
            SourceSettings options, GcsSettings gcs, MeterRegistry meters, KnownFingerprints fingerprints) {
        String uri = options.uri();
        return switch (options.scheme()) {
            case "file" -> {
                LocalDirectorySource local = new LocalDirectorySource(uri, options.include(), fingerprints);
                for (LocalDirectorySource.SkipReason reason : LocalDirectorySource.SkipReason.values()) {
                    Gauge.builder(
                                    "daybook.source.files.skipped",
                                    local,
                                    source -> source.skipped().get(reason))
                            .description("files whose name matches but that the last listing left out")
                            .tag("source", uri)
                            .tag("reason", reason.code())
                            .register(meters);
                }
                yield new OpenedSource(
                        local,
                        tracker -> new DirectoryWatch(
                                local, options.pollInterval(), options.reconcileInterval(), tracker));
            }
            case "gs" -> {
                GcsSource bucket = GcsSource.create(uri, options.include(), gcs, meters);
                yield new OpenedSource(bucket, tracker -> new GcsDiscovery(bucket, options, gcs, tracker, meters));
            }
            default ->
                throw new IllegalArgumentException("unsupported source " + uri
                        + ": use file:///absolute/dir (or a directory path) or gs://bucket/prefix");
        };
    }
}
