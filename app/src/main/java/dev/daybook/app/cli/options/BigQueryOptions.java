package dev.daybook.app.cli.options;

import dev.daybook.connectors.warehouse.bigquery.BigQuerySettings;
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

    /** Options as the command line would give them: defaults, then environment, then {@code args}. */
    public static BigQueryOptions of(String... args) {
        return EnvironmentDefaults.populate(new BigQueryOptions(), args);
    }

    /** The settings the warehouse is opened with. */
    public BigQuerySettings settings() {
        Optional<String> url = endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(endpoint);
        return new BigQuerySettings(url, location, rowsPerStatement);
    }
}
