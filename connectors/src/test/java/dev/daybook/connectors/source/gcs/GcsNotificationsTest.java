package dev.daybook.connectors.source.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.storage.BlobInfo;
import dev.daybook.connectors.source.IncludeFilter;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.connectors.source.SourceObject;
import dev.daybook.connectors.source.SourceSettings;
import dev.daybook.connectors.testing.FakeGcs;
import dev.daybook.connectors.testing.PubSubEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** fake-gcs-server publishing OBJECT_FINALIZE notifications to the Pub/Sub emulator. */
@Tag("integration")
class GcsNotificationsTest {

    private static final Duration PICK_UP = Duration.ofSeconds(15);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static PubSubEmulator pubsub;
    private static FakeGcs gcs;
    private static String topic;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String bucket;
    private String subscription;
    private GcsSource source;
    private ObjectTracker tracker;
    private AutoCloseable discovery;

    @BeforeAll
    static void startEmulators() throws Exception {
        pubsub = PubSubEmulator.start();
        topic = pubsub.createTopic("gcs-events");
        gcs = FakeGcs.startPublishingTo(pubsub, "gcs-events");
    }

    @AfterAll
    static void stopEmulators() throws Exception {
        if (gcs != null) {
            gcs.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        int run = RUNS.incrementAndGet();
        bucket = "notified-" + run;
        gcs.createBucket(bucket);
        subscription = pubsub.createSubscription("daybook-" + run, topic);
        source = GcsSource.create("gs://" + bucket + "/in/", IncludeFilter.defaults(), options(), meters);
        tracker = new ObjectTracker(meters, source.uri());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (discovery != null) {
            discovery.close();
        }
        source.close();
    }

    private GcsSettings options() {
        GcsSettings listing = gcs.settings();
        return new GcsSettings(
                listing.endpoint(),
                Optional.of(subscription),
                Optional.of(pubsub.hostPort()),
                listing.chunkSize(),
                listing.retryTimeout());
    }

    private SourceSettings settings(Duration pollInterval, Duration reconcileInterval) {
        return new SourceSettings(source.uri(), IncludeFilter.defaults(), pollInterval, reconcileInterval);
    }

    private double listPages() {
        return meters.get("daybook.gcs.list.pages").counter().count();
    }

    private GcsNotifications notificationsOnly() {
        GcsNotifications notifications =
                new GcsNotifications(subscription, Optional.of(pubsub.hostPort()), source, tracker, meters);
        discovery = notifications;
        notifications.start();
        return notifications;
    }

    private double notifications(String outcome) {
        return meters.get("daybook.gcs.notifications")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewlyFinalizedObjectReachesTheTrackerWithinSeconds() throws Exception {
        notificationsOnly();

        BlobInfo uploaded = gcs.put(bucket, "in/2024-04-15.csv", bytes("\"app\",\"ts\"\n"));

        Optional<SourceObject> next = tracker.next(PICK_UP);
        assertThat(next).isPresent();
        assertThat(next.get().uri()).isEqualTo("gs://" + bucket + "/in/2024-04-15.csv");
        assertThat(next.get().generation()).isEqualTo(uploaded.getGeneration());
        assertThat(next.get().size()).isEqualTo(11);
        // the tracker hands the object out before the subscriber counts it
        await().atMost(PICK_UP).until(() -> notifications("offered") == 1.0);
    }

    @Test
    void notificationsOfObjectsOutsideTheSourceAreAcknowledgedAndIgnored() throws Exception {
        notificationsOnly();

        gcs.put(bucket, "out/a.csv", bytes("outside the prefix"));
        gcs.put(bucket, "in/readme.txt", bytes("not included"));
        gcs.put(bucket, "in/b.csv", bytes("wanted"));

        assertThat(tracker.next(PICK_UP)).map(SourceObject::uri).contains("gs://" + bucket + "/in/b.csv");
        await().atMost(PICK_UP).until(() -> notifications("ignored") == 2.0);
        assertThat(tracker.knownCount()).isEqualTo(1);
    }

    @Test
    void listingAndNotificationsTogetherHandEachVersionOutOnce() throws Exception {
        GcsDiscovery both = new GcsDiscovery(
                source, settings(Duration.ofMillis(200), Duration.ofMillis(200)), options(), tracker, meters);
        discovery = both;
        both.start();

        BlobInfo first = gcs.put(bucket, "in/a.csv", bytes("v1"));
        SourceObject firstVersion = tracker.next(PICK_UP).orElseThrow();
        assertThat(firstVersion.generation()).isEqualTo(first.getGeneration());
        double listedBefore = meters.get("daybook.gcs.objects.listed").counter().count();
        await().atMost(PICK_UP)
                .until(() -> notifications("offered") + notifications("known") == 1.0
                        && meters.get("daybook.gcs.objects.listed").counter().count() >= listedBefore + 1);
        assertThat(tracker.next(Duration.ZERO))
                .as("seen by both, handed out once")
                .isEmpty();
        tracker.done(firstVersion);

        BlobInfo second = gcs.put(bucket, "in/a.csv", bytes("v2"));
        assertThat(tracker.next(PICK_UP)).map(SourceObject::generation).contains(second.getGeneration());
        await("the overwritten generation forgotten once a listing no longer shows it")
                .atMost(PICK_UP)
                .until(() -> tracker.knownCount() == 1);
    }

    @Test
    void discoveryWithoutNotificationsStillFindsObjectsByListing() throws IOException, InterruptedException {
        GcsDiscovery listingOnly = new GcsDiscovery(
                source, settings(Duration.ofMillis(100), Duration.ofHours(1)), gcs.settings(), tracker, meters);
        discovery = listingOnly;
        listingOnly.start();

        BlobInfo uploaded = gcs.put(bucket, "in/late.csv", bytes("x"));

        assertThat(tracker.next(PICK_UP)).map(SourceObject::generation).contains(uploaded.getGeneration());
    }

    @Test
    void withNotificationsThePrefixIsListedAtStartAndThenOnlyEveryReconcileInterval() throws Exception {
        gcs.put(bucket, "in/old.csv", bytes("there before the start"));
        GcsDiscovery discovery = new GcsDiscovery(
                source, settings(Duration.ofMillis(100), Duration.ofHours(1)), options(), tracker, meters);
        this.discovery = discovery;
        discovery.start();
        assertThat(tracker.next(PICK_UP)).map(SourceObject::uri).contains("gs://" + bucket + "/in/old.csv");

        BlobInfo uploaded = gcs.put(bucket, "in/new.csv", bytes("notified"));

        assertThat(tracker.next(PICK_UP)).map(SourceObject::generation).contains(uploaded.getGeneration());
        await("no listing beyond the one at start, over ten poll intervals")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> listPages() == 1.0);
    }

    @Test
    void withoutNotificationsThePollIntervalIsTheListingInterval() {
        assertThat(GcsDiscovery.listingInterval(
                        settings(Duration.ofSeconds(10), Duration.ofMinutes(10)), gcs.settings()))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(GcsDiscovery.listingInterval(settings(Duration.ofSeconds(10), Duration.ofMinutes(10)), options()))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(GcsDiscovery.listingInterval(settings(Duration.ofSeconds(10), Duration.ZERO), options()))
                .as("a reconcile interval below the poll interval lists every poll interval")
                .isEqualTo(Duration.ofSeconds(10));
    }
}
