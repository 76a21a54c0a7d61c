package dev.daybook.connectors.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The Pub/Sub emulator of the Google Cloud CLI ({@code gcloud beta emulators pubsub start}, which
 * needs Java), on a free loopback port, for tests. Clients reach it in plaintext without credentials
 * at {@link #hostPort()}; topics and subscriptions are made through its REST interface.
 */
public final class PubSubEmulator implements AutoCloseable {

    public static final String PROJECT = "test";

    private final ExternalProcess process;
    private final HttpClient http = HttpClient.newHttpClient();

    private PubSubEmulator(ExternalProcess process) {
        this.process = process;
    }

    public static PubSubEmulator start() throws IOException, InterruptedException {
        int port = ExternalProcess.freePort();
        List<String> command = List.of(
                "gcloud",
                "beta",
                "emulators",
                "pubsub",
                "start",
                "--host-port=127.0.0.1:" + port,
                "--project=" + PROJECT,
                "--quiet");
        return new PubSubEmulator(ExternalProcess.start(command, port, Duration.ofMinutes(2)));
    }

    /** {@code 127.0.0.1:PORT}, the form {@code PUBSUB_EMULATOR_HOST} and {@code --pubsub-endpoint} take. */
    public String hostPort() {
        return "127.0.0.1:" + process.port();
    }

    /** @return the topic's full name, {@code projects/test/topics/ID} */
    public String createTopic(String id) throws IOException, InterruptedException {
        String topic = "projects/" + PROJECT + "/topics/" + id;
        put(topic, "{}");
        return topic;
    }

    /** @return the subscription's full name, {@code projects/test/subscriptions/ID} */
    public String createSubscription(String id, String topic) throws IOException, InterruptedException {
        String subscription = "projects/" + PROJECT + "/subscriptions/" + id;
        put(subscription, "{\"topic\":\"" + topic + "\",\"ackDeadlineSeconds\":10}");
        return subscription;
    }

    private void put(String resource, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/v1/" + resource))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "creating " + resource + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
