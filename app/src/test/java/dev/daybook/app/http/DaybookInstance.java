package dev.daybook.app.http;

import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.app.testing.KafkaBroker;
import dev.daybook.app.topology.CurrencyVolumeStore;
import dev.daybook.app.topology.DailyTotalsStore;
import dev.daybook.app.topology.DailyVolumeConfig;
import dev.daybook.app.topology.DailyVolumeTopology;
import dev.daybook.app.topology.StreamsSettings;
import dev.daybook.schemas.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * One Daybook instance as the runner wires it, for tests: the daily-volume topology in Kafka Streams on the
 * shared test broker, its metrics, and its HTTP server serving the store, started first so that Streams can
 * advertise it.
 */
final class DaybookInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String applicationId;
    final DaybookMetrics metrics;
    final DaybookHttpServer http;
    final KafkaStreams streams;
    private final DaybookMetrics.Binding streamsMetrics;

    DaybookInstance(KafkaBroker kafka, TopicCatalogue topics, String applicationId, Path stateDir, Readiness sink) {
        this(kafka, topics, applicationId, stateDir, sink, DaybookMetrics.unexported());
    }

    DaybookInstance(
            KafkaBroker kafka,
            TopicCatalogue topics,
            String applicationId,
            Path stateDir,
            Readiness sink,
            DaybookMetrics metrics) {
        this.applicationId = applicationId;
        this.metrics = metrics;
        http = DaybookHttpServer.api(HttpSettings.loopback(), metrics);
        http.start(reason -> {});
        StreamsSettings settings =
                new StreamsSettings(applicationId, StreamsConfig.EXACTLY_ONCE_V2, -1, Duration.ofMillis(100), stateDir);
        Properties properties = settings.properties(kafka.bootstrapServers(), topics, metrics.deadLetterCounter());
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.applicationServer());
        streams = new KafkaStreams(DailyVolumeTopology.build(DailyVolumeConfig.defaults(topics)), properties);
        DailyTotalsStore store = new DailyTotalsStore(streams, applicationId);
        streamsMetrics = metrics.bindStreams(streams, store);
        http.serve(
                store,
                new CurrencyVolumeStore(streams, applicationId),
                Readiness.allOf(Readiness.streams(streams::state), sink));
        streams.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String header, String value) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header(header, value)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The partitions of daily-totals this instance holds actively, as the cluster metadata says. */
    Set<Integer> dailyTotalsPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(DailyTotalsStore.NAME)) {
            if (instance.hostInfo().port() == http.port()) {
                for (TopicPartition partition : instance.topicPartitions()) {
                    if (partition.topic().equals(applicationId + "-daily-repartition")) {
                        partitions.add(partition.partition());
                    }
                }
            }
        }
        return partitions;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        http.close();
    }
}
