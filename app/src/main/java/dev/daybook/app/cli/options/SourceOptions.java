package dev.daybook.app.cli.options;

import dev.daybook.connectors.source.IncludeFilter;
import dev.daybook.connectors.source.SourceSettings;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where the Sequence event files come from and how they are found, whatever the store: use as a
 * picocli {@code @Mixin}. Store-specific options live beside it ({@link GcsOptions}).
 */
public final class SourceOptions {

    /** Default poll interval of a local directory: listing it is cheap. */
    public static final Duration LOCAL_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default poll interval of a bucket: every listing is a billed request per 1,000 objects. */
    public static final Duration REMOTE_POLL_INTERVAL = Duration.ofSeconds(10);

    @Option(
            names = "--source",
            paramLabel = "URI",
            description = "where the event files are: file:///absolute/dir (or a directory path) or gs://bucket/prefix")
    private String source;

    @Option(
            names = "--include",
            paramLabel = "GLOB",
            split = ",",
            defaultValue = "*.csv,*.csv.gz",
            description = "files to ingest, by file name or by path below the source (default: ${DEFAULT-VALUE})")
    private List<String> include;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "how often the source is listed for new files; a watched directory's changes are picked up as they"
                            + " happen (default: 1s for a directory, 10s for a bucket)")
    private Duration pollInterval;

    @Option(
            names = "--reconcile-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10m",
            description = "how often the whole source is listed where new files are found by other means (a"
                    + " directory's change events, a bucket's --notifications), to catch what those missed"
                    + " (default: ${DEFAULT-VALUE})")
    private Duration reconcileInterval;

    @Option(
            names = "--max-objects-in-flight",
            paramLabel = "N",
            converter = PositiveIntConverter.class,
            defaultValue = "4",
            description = "files read at the same time (default: ${DEFAULT-VALUE})")
    private int maxObjectsInFlight;

    /** Options from command-line arguments, the environment and the defaults, e.g. for tests and embedding. */
    public static SourceOptions parse(String... args) {
        return EnvironmentDefaults.populate(new SourceOptions(), args);
    }

    /** Whether a source is configured ({@code --source} or {@code DAYBOOK_SOURCE}). */
    public boolean isSet() {
        return source != null && !source.isBlank();
    }

    /** Makes {@code uri} the source when none is configured, e.g. the demo data of {@code daybook run}. */
    public void defaultTo(String uri) {
        if (!isSet()) {
            source = uri;
        }
    }

    /**
     * The source URI: {@code --source} as given, a directory path made a {@code file:} URI.
     *
     * @throws IllegalArgumentException with a one-line message when there is no source
     */
    public String uri() {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(
                    "no source: give --source file:///absolute/dir or gs://bucket/prefix (or DAYBOOK_SOURCE)");
        }
        String given = source.strip();
        if (given.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return given;
        }
        try {
            return Path.of(given).toAbsolutePath().normalize().toUri().toString();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--source '" + given + "' is neither a URI nor a directory path");
        }
    }

    /** The URI's scheme in lower case, e.g. {@code file} or {@code gs}. */
    public String scheme() {
        String scheme = URI.create(uri()).getScheme();
        return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    }

    public IncludeFilter include() {
        return new IncludeFilter(include);
    }

    /** {@code --poll-interval}, else {@link #LOCAL_POLL_INTERVAL} for a directory and {@link #REMOTE_POLL_INTERVAL} otherwise. */
    public Duration pollInterval() {
        if (pollInterval != null) {
            return pollInterval;
        }
        return "file".equals(scheme()) ? LOCAL_POLL_INTERVAL : REMOTE_POLL_INTERVAL;
    }

    public int maxObjectsInFlight() {
        return maxObjectsInFlight;
    }

    /** The settings the source is opened with. */
    public SourceSettings settings() {
        return new SourceSettings(uri(), include(), pollInterval(), reconcileInterval);
    }
}
