package dev.daybook.connectors.source.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.source.IncludeFilter;
import dev.daybook.connectors.source.ObjectUnreadableException;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.connectors.testing.FakeGcs;
import dev.daybook.connectors.testing.TcpFaultProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** GCS behind a proxy that fails the way networks and overloaded services do. */
@Tag("integration")
class GcsTransientErrorTest {

    private static final String BUCKET = "transient-test";
    private static FakeGcs gcs;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TcpFaultProxy proxy;
    private GcsSource source;

    @BeforeAll
    static void startGcs() throws Exception {
        gcs = FakeGcs.start();
        gcs.createBucket(BUCKET);
    }

    @AfterAll
    static void stopGcs() throws Exception {
        gcs.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = TcpFaultProxy.start(gcs.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (source != null) {
            source.close();
        }
        proxy.close();
    }

    private GcsSource sourceThroughProxy(String prefix) {
        return sourceThroughProxy(prefix, gcs.settings().retryTimeout());
    }

    private GcsSource sourceThroughProxy(String prefix, Duration retryTimeout) {
        GcsSettings settings =
                new GcsSettings(Optional.of(proxy.baseUrl()), Optional.empty(), Optional.empty(), 262144, retryTimeout);
        source = GcsSource.create("gs://" + BUCKET + "/" + prefix, IncludeFilter.defaults(), settings, meters);
        return source;
    }

    @Test
    void listingIsRetriedWhileGcsAnswersUnavailable() throws IOException {
        gcs.put(BUCKET, "list/a.csv", "a".getBytes(StandardCharsets.UTF_8));
        GcsSource source = sourceThroughProxy("list/");
        proxy.answerUnavailable(2);

        List<SourceObject> listed = source.list();

        assertThat(listed).extracting(SourceObject::uri).containsExactly("gs://" + BUCKET + "/list/a.csv");
        assertThat(proxy.connections()).as("two refused, the third served").isEqualTo(3);
    }

    @Test
    void aReadCutOffMidObjectResumesWhereItStopped() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 1024);
        }
        gcs.put(BUCKET, "cut/large.csv", content);
        GcsSource source = sourceThroughProxy("cut/");
        SourceObject object = source.list().get(0);
        proxy.resetNextResponseAfter(1_000_000);

        byte[] read;
        try (InputStream in = source.open(object, 100)) {
            read = in.readAllBytes();
        }

        assertThat(proxy.resets()).isEqualTo(1);
        assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(content, 100, content.length));
        assertThat(meters.get("daybook.gcs.bytes.read").counter().count()).isEqualTo(content.length - 100);
    }

    @Test
    void gcsStayingUnavailableIsATransientErrorNotAnUnreadableObject() throws IOException {
        gcs.put(BUCKET, "down/a.csv", "a".getBytes(StandardCharsets.UTF_8));
        GcsSource source = sourceThroughProxy("down/", Duration.ofSeconds(1));
        SourceObject object = source.list().get(0);
        proxy.answerUnavailable(Integer.MAX_VALUE);

        assertThatThrownBy(() -> {
                    try (InputStream in = source.open(object, 0)) {
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ObjectUnreadableException.class);
        assertThatThrownBy(source::list)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("listing gs://" + BUCKET + "/down/");
    }
}
