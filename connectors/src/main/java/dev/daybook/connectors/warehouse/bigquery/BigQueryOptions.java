package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the BigQuery warehouse connects and writes; a picocli mixin. Against real BigQuery the
 * credentials are Application Default Credentials; with an endpoint (an emulator) none are sent.
 */
public final class BigQueryOptions {

    @Option(names = "--bigquery-endpoint", paramLabel = "URL",
            defaultValue = "${env:DAYBOOK_BIGQUERY_ENDPOINT:-}",
            description = "BigQuery API root, e.g. http://127.0.0.1:9050 for an emulator; no credentials are sent to it. "
                    + "Empty: real BigQuery with Application Default Credentials (env DAYBOOK_BIGQUERY_ENDPOINT).")
    private String endpoint;

    @Option(names = "--bigquery-location", paramLabel = "LOCATION",
            defaultValue = "${env:DAYBOOK_BIGQUERY_LOCATION:-US}",
            description = "Location of the dataset and of the query jobs (default: ${DEFAULT-VALUE}; env DAYBOOK_BIGQUERY_LOCATION).")
    private String location;

    @Option(names = "--bigquery-rows-per-statement", paramLabel = "N",
            defaultValue = "${env:DAYBOOK_BIGQUERY_ROWS_PER_STATEMENT:-1000}",
            description = "Most rows one MERGE carries; a larger batch is written by several (default: ${DEFAULT-VALUE}, "
                    + "at most " + MergeStatement.MAX_ROWS + "; env DAYBOOK_BIGQUERY_ROWS_PER_STATEMENT).")
    private int rowsPerStatement;

    /** Options as the command line would give them: defaults, then environment, then {@code args}. */
    public static BigQueryOptions of(String... args) {
        return CommandLine.populateCommand(new BigQueryOptions(), args);
    }

    public Optional<String> endpoint() {
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(endpoint);
    }

    public String location() {
        return location;
    }

    public int rowsPerStatement() {
        return rowsPerStatement;
    }

    /**
     * A client for {@code project}. Its own retries are off: the sink retries in one place, with
     * {@link BigQueryWarehouse}'s classification of what is transient.
     */
    public BigQuery client(String project) {
        com.google.cloud.bigquery.BigQueryOptions.Builder builder = com.google.cloud.bigquery.BigQueryOptions.newBuilder()
                .setProjectId(project)
                .setLocation(location)
                .setRetrySettings(ServiceOptions.getNoRetrySettings());
        endpoint().ifPresent(url -> builder.setHost(url).setCredentials(NoCredentials.getInstance()));
        return builder.build().getService();
    }

    /** For log lines: where it writes, never credentials. */
    @Override
    public String toString() {
        return "BigQuery " + endpoint().orElse("(Google, Application Default Credentials)") + ", location " + location;
    }
}
