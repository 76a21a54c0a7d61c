package dev.daybook.connectors.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.daybook.connectors.source.gcs.GcsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fake-gcs-server (an in-memory GCS JSON API) on a free loopback port, for tests. It is built from
 * source with {@code go install} on first use. Started with {@link #startPublishingTo} it publishes an
 * {@code OBJECT_FINALIZE} notification for every upload to a topic of a {@link PubSubEmulator}, like
 * a bucket with a Pub/Sub notification configuration.
 */
public final class FakeGcs implements AutoCloseable {

    public static final String MODULE = "github.com/fsouza/fake-gcs-server";
    public static final String VERSION = "v1.55.1";

    private final ExternalProcess process;
    private final Storage storage;

    private FakeGcs(ExternalProcess process) {
        this.process = process;
        this.storage = StorageOptions.http()
                .setHost(process.baseUrl())
                .setProjectId("test")
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    public static FakeGcs start() throws IOException, InterruptedException {
        return start(List.of(), Map.of());
    }

    /** @param topicId a topic of the emulator, which must exist before the server starts */
    public static FakeGcs startPublishingTo(PubSubEmulator pubsub, String topicId)
            throws IOException, InterruptedException {
        return start(
                List.of(
                        "-event.pubsub-project-id",
                        PubSubEmulator.PROJECT,
                        "-event.pubsub-topic",
                        topicId,
                        "-event.list",
                        "finalize"),
                Map.of("PUBSUB_EMULATOR_HOST", pubsub.hostPort()));
    }

    private static FakeGcs start(List<String> extraArgs, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path binary = GoBinary.install(MODULE, VERSION);
        int port = ExternalProcess.freePort();
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "-scheme",
                "http",
                "-backend",
                "memory",
                "-host",
                "127.0.0.1",
                "-port",
                String.valueOf(port),
                "-external-url",
                "http://127.0.0.1:" + port,
                "-public-host",
                "127.0.0.1:" + port,
                "-log-level",
                "warn"));
        command.addAll(extraArgs);
        return new FakeGcs(ExternalProcess.start(command, environment, port, Duration.ofSeconds(60)));
    }

    /** The JSON API endpoint, for {@code --gcs-endpoint}. */
    public String endpoint() {
        return process.baseUrl();
    }

    public int port() {
        return process.port();
    }

    /** Settings of a source reading from this server: listing only, 2 MiB chunks, retries for 2 minutes. */
    public GcsSettings settings() {
        return new GcsSettings(
                Optional.of(endpoint()), Optional.empty(), Optional.empty(), 2 * 1024 * 1024, Duration.ofMinutes(2));
    }

    /** A client of this server, for setting up test data. */
    public Storage storage() {
        return storage;
    }

    public void createBucket(String bucket) {
        storage.create(BucketInfo.of(bucket));
    }

    /** Uploads (or overwrites, making a new generation) an object. */
    public BlobInfo put(String bucket, String name, byte[] content) {
        return storage.create(BlobInfo.newBuilder(bucket, name).build(), content);
    }

    /** Uploads an object stored with {@code Content-Encoding: gzip}; {@code content} is the compressed bytes. */
    public BlobInfo putGzipEncoded(String bucket, String name, byte[] content) {
        return storage.create(
                BlobInfo.newBuilder(bucket, name)
                        .setContentEncoding("gzip")
                        .setContentType("text/csv")
                        .build(),
                content);
    }

    /** Uploads a large object by resumable upload, streaming it from {@code content}. */
    public BlobInfo put(String bucket, String name, InputStream content) throws IOException {
        return storage.createFrom(BlobInfo.newBuilder(bucket, name).build(), content);
    }

    public boolean delete(String bucket, String name) {
        return storage.delete(BlobId.of(bucket, name));
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the test client failed", e);
        } finally {
            process.close();
        }
    }
}
