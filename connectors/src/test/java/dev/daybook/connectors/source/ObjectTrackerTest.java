package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.testing.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectTrackerTest {

    private static final Instant T0 = Instant.parse("2024-04-15T00:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeTime clock = new FakeTime(T0);
    private final ObjectTracker tracker = new ObjectTracker(meters, "gs://bucket/in/", clock);

    private static SourceObject object(String name, long generation, Instant updated) {
        return new SourceObject("gs://bucket/in/" + name, generation, 10, "crc32c:AAAAAA==;size:10", updated, false);
    }

    @Test
    void eachVersionIsHandedOutOnceHoweverOftenItIsOffered() throws InterruptedException {
        SourceObject a1 = object("a.csv", 1, T0);
        SourceObject a1Again = object("a.csv", 1, T0);
        SourceObject a2 = object("a.csv", 2, T0.plusSeconds(5));

        assertThat(tracker.offer(a1)).isTrue();
        assertThat(tracker.offer(a1Again)).isFalse();
        assertThat(tracker.offer(a2)).isTrue();

        assertThat(tracker.next(Duration.ZERO)).contains(a1);
        assertThat(tracker.next(Duration.ZERO)).contains(a2);
        assertThat(tracker.next(Duration.ofMillis(50))).isEmpty();
        assertThat(tracker.offer(a1)).isFalse();
    }

    @Test
    void lagIsTheAgeOfTheOldestObjectNotYetDone() throws InterruptedException {
        SourceObject old = object("old.csv", 1, T0);
        SourceObject recent = object("recent.csv", 1, T0.plusSeconds(100));
        tracker.offer(old);
        tracker.offer(recent);
        Instant now = T0.plusSeconds(130);

        assertThat(tracker.lag(now)).isEqualTo(Duration.ofSeconds(130));
        tracker.next(Duration.ZERO);
        assertThat(tracker.lag(now)).as("taken but not done is still pending").isEqualTo(Duration.ofSeconds(130));

        tracker.done(old);
        assertThat(tracker.lag(now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(tracker.pendingCount()).isEqualTo(1);

        tracker.done(recent);
        assertThat(tracker.lag(now)).isEqualTo(Duration.ZERO);
        assertThat(meters.get("daybook.source.objects.pending").gauge().value()).isEqualTo(0.0);
        assertThat(meters.get("daybook.source.lag").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void lagGaugeReportsSeconds() {
        tracker.offer(object("a.csv", 1, T0));
        clock.advance(Duration.ofHours(1));

        assertThat(meters.get("daybook.source.lag")
                        .tag("source", "gs://bucket/in/")
                        .gauge()
                        .value())
                .isEqualTo(3600.0);
        assertThat(meters.get("daybook.source.objects.pending").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void versionsAbsentFromACompleteListingAreForgottenUnlessPendingOrNewer() {
        SourceObject deleted = object("deleted.csv", 1, T0);
        SourceObject kept = object("kept.csv", 1, T0);
        SourceObject inProgress = object("in-progress.csv", 1, T0);
        tracker.offer(deleted);
        tracker.offer(kept);
        tracker.offer(inProgress);
        tracker.done(deleted);
        tracker.done(kept);

        Instant listingStarted = clock.advance(Duration.ofSeconds(10));
        SourceObject notifiedDuringListing = object("new.csv", 1, T0.plusSeconds(10));
        tracker.offer(notifiedDuringListing);
        tracker.retainListed(List.of(kept), listingStarted);

        assertThat(tracker.knownCount()).isEqualTo(3);
        assertThat(tracker.offer(kept)).isFalse();
        assertThat(tracker.offer(inProgress)).isFalse();
        assertThat(tracker.offer(notifiedDuringListing)).isFalse();
        assertThat(tracker.offer(deleted))
                .as("forgotten, so new again if it ever reappears")
                .isTrue();
    }
}
