package dev.daybook.app.cli.options;

import dev.daybook.connectors.source.gcs.GcsSettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line options of a {@code gs://} source, for use as a picocli {@code @Mixin} beside
 * {@link SourceOptions} (source, include filter, poll interval). Every option
 * has an environment variable; the emulator variables {@code STORAGE_EMULATOR_HOST} and
 * {@code PUBSUB_EMULATOR_HOST} are honoured when the Daybook ones are not set.
 */
public final class GcsOptions {

    @Option(
            names = "--gcs-endpoint",
            paramLabel = "URL",
            description =
                    "GCS JSON API endpoint of an emulator, e.g. http://127.0.0.1:4443; no credentials are sent to it; if unset, "
                            + "STORAGE_EMULATOR_HOST (default: Google Cloud Storage with Application Default Credentials)")
    private String endpoint;

    @Option(
            names = "--notifications",
            paramLabel = "projects/P/subscriptions/S",
            converter = SubscriptionConverter.class,
            description =
                    "Pub/Sub subscription receiving the bucket's OBJECT_FINALIZE notifications, for pick-up within seconds; "
                            + "listing stays on as the safety net (default: listing only)")
    private String notifications;

    @Option(
            names = "--pubsub-endpoint",
            paramLabel = "HOST:PORT",
            description = "Pub/Sub emulator to take notifications from, over plaintext without credentials; if unset, "
                    + "PUBSUB_EMULATOR_HOST (default: Google Cloud Pub/Sub)")
    private String pubsubEndpoint;

    @Option(
            names = "--gcs-chunk-size",
            paramLabel = "BYTES",
            converter = PositiveIntConverter.class,
            defaultValue = "2097152",
            description = "read buffer per object being read; memory use is about this times --max-objects-in-flight "
                    + "(default: ${DEFAULT-VALUE})")
    private int chunkSize;

    @Option(
            names = "--gcs-retry-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "2m",
            description = "how long a failing GCS request is retried with backoff before the error is reported "
                    + "(default: ${DEFAULT-VALUE})")
    private Duration retryTimeout;

    /** Options from command-line arguments, the environment and the defaults, e.g. for tests and embedding. */
    public static GcsOptions parse(String... args) {
        return EnvironmentDefaults.populate(new GcsOptions(), args);
    }

    /** The emulator endpoint, if one is configured; empty means real GCS with Application Default Credentials. */
    public Optional<String> endpoint() {
        return firstSet(endpoint, System.getenv("STORAGE_EMULATOR_HOST"))
                .map(url -> url.contains("://") ? url : "http://" + url);
    }

    /** The notification subscription, {@code projects/P/subscriptions/S}, if notifications are on. */
    public Optional<String> notifications() {
        return Optional.ofNullable(notifications).filter(value -> !value.isBlank());
    }

    /** The Pub/Sub emulator, {@code host:port}, if one is configured. */
    public Optional<String> pubsubEndpoint() {
        return firstSet(pubsubEndpoint, System.getenv("PUBSUB_EMULATOR_HOST"));
    }

    public int chunkSize() {
        return chunkSize;
    }

    public Duration retryTimeout() {
        return retryTimeout;
    }

    /** The settings a {@code gs://} source is opened with. */
    public GcsSettings settings() {
        return new GcsSettings(endpoint(), notifications(), pubsubEndpoint(), chunkSize, retryTimeout);
    }

    private static Optional<String> firstSet(String option, String environment) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option.strip());
        }
        return Optional.ofNullable(environment).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** Rejects a malformed subscription name when the command line is read rather than at start-up. */
    static final class SubscriptionConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.isBlank() && !value.matches("projects/[^/]+/subscriptions/[^/]+")) {
                throw new TypeConversionException(
                        "'" + value + "' is not a subscription name like projects/P/subscriptions/S");
            }
            return value;
        }
    }
}
