package dev.daybook.connectors.source.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.time.Duration;

/** Builds the GCS client the options describe. */
final class GcsClients {

    /** Project id sent to an emulator, which needs one but does not check it. */
    static final String EMULATOR_PROJECT = "daybook-local";

    private GcsClients() {}

    /**
     * A client over the JSON API. Idempotent calls (list, get, read) that fail transiently (429, 5xx,
     * a dropped connection) are retried with exponential backoff until {@code retryTimeout}; a read
     * that breaks mid-object resumes from the byte it had reached.
     */
    static Storage storage(GcsSettings options) {
        HttpStorageOptions.Builder builder =
                StorageOptions.http().setRetrySettings(retrySettings(options.retryTimeout()));
        options.endpoint()
                .ifPresent(url -> builder.setHost(url)
                        .setProjectId(EMULATOR_PROJECT)
                        .setCredentials(NoCredentials.getInstance()));
        return builder.build().getService();
    }

    static RetrySettings retrySettings(Duration retryTimeout) {
        return RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(Duration.ofMillis(200))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(10))
                .setTotalTimeoutDuration(retryTimeout)
                .setMaxAttempts(0)
                .build();
    }
}
