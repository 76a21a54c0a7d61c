package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * How the BigQuery warehouse connects and writes. Against real BigQuery the credentials are Application
 * Default Credentials; with an endpoint (an emulator) none are sent.
 *
 * @param endpoint         BigQuery API root of an emulator; empty for real BigQuery
 * @param location         location of the dataset and of the query jobs
 * @param rowsPerStatement most rows one MERGE carries, at most {@link #MAX_ROWS_PER_STATEMENT}
 * @param writeEndpoint    the Storage Write API's gRPC endpoint of an emulator, {@code host:port}; empty for
 *                         real BigQuery
 * @param rawMergeInterval how often the raw layer's staged rows are merged into {@code transactions}
 */
public record BigQuerySettings(
        Optional<String> endpoint,
        String location,
        int rowsPerStatement,
        Optional<String> writeEndpoint,
        Duration rawMergeInterval) {

    public static final int MAX_ROWS_PER_STATEMENT = MergeStatement.MAX_ROWS;

    /**
     * A client for {@code project}. Its own retries are off: the sink retries in one place
     * ({@link dev.daybook.connectors.warehouse.RetryingWarehouse}), with {@link BigQueryWarehouse}'s classification
     * of what is transient.
     */
    public BigQuery client(String project) {
        BigQueryOptions.Builder builder = BigQueryOptions.newBuilder()
                .setProjectId(project)
                .setLocation(location)
                .setRetrySettings(ServiceOptions.getNoRetrySettings());
        endpoint.ifPresent(url -> builder.setHost(url).setCredentials(NoCredentials.getInstance()));
        return builder.build().getService();
    }

    /**
     * The Storage Write API client: Google's with Application Default Credentials, or an emulator's at
     * {@link #writeEndpoint}; none for an emulator whose Write API endpoint is not given.
     */
    Optional<RowAppender> appender() {
        if (endpoint.isPresent() && writeEndpoint.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WriteApiAppender.open(writeEndpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the BigQuery Storage Write API client", e);
        }
    }

    /** For log lines: where it writes, never credentials. */
    @Override
    public String toString() {
        return "BigQuery " + endpoint.orElse("(Google, Application Default Credentials)")
                + writeEndpoint.map(grpc -> ", Storage Write API " + grpc).orElse("") + ", location " + location
                + ", raw layer merged every " + rawMergeInterval;
    }
}
