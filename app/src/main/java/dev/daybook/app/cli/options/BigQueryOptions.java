package dev.daybook.app.cli.options;

import dev.daybook.connectors.warehouse.bigquery.BigQuerySettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the BigQuery warehouse connects and writes ({@link BigQuerySettings}); a picocli mixin. */
public final class BigQueryOptions {

    @Option(
            names = "--bigquery-endpoint",
            paramLabel = "URL",
            defaultValue = "",
            description =
                    "BigQuery API root, e.g. http://127.0.0.1:9050 for an emulator; no credentials are sent to it. "
                            + "Empty: real BigQuery with Application Default Credentials.")
    private String endpoint;

    @Option(
            names = "--bigquery-location",
            paramLabel = "LOCATION",
            defaultValue = "US",
            description = "Location of the dataset and of the query jobs (default: ${DEFAULT-VALUE}).")
    private String location;

    @Option(
            names = "--bigquery-rows-per-statement",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Most rows one MERGE carries; a larger batch is written by several (default: ${DEFAULT-VALUE}, "
                            + "at most " + BigQuerySettings.MAX_ROWS_PER_STATEMENT + ").")
    private int rowsPerStatement;

    @Option(
            names = "--bigquery-write-endpoint",
            paramLabel = "HOST:PORT",
            defaultValue = "",
            description = "Storage Write API (gRPC) endpoint of an emulator, e.g. 127.0.0.1:9060, plaintext and without"
                    + " credentials; needed with --bigquery-endpoint. Empty: Google's.")
    private String writeEndpoint;

    @Option(
            names = "--bigquery-raw-merge-interval",
            paramLabel = "DURATION",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description = "How often the raw layer's staged rows are merged into the transactions table by event id;"
                    + " each merge reads that day's event ids (default: ${DEFAULT-VALUE}).")
    private Duration rawMergeInterval;

    /** Options as the command line would give them: defaults, then environment, then {@code args}. */
    public static BigQueryOptions of(String... args) {
        return EnvironmentDefaults.populate(new BigQueryOptions(), args);
    }

    /** The settings the warehouse is opened with. */
    public BigQuerySettings settings() {
        return new BigQuerySettings(
                present(endpoint), location, rowsPerStatement, present(writeEndpoint), rawMergeInterval);
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
