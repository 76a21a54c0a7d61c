package dev.daybook.connectors.source.gcs;

import dev.daybook.connectors.source.Discovery;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.ObjectTracker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * How a GCS source finds its objects: listing every poll interval, and with {@code --notifications}
 * also Pub/Sub notifications, both feeding the same tracker.
 */
public final class GcsDiscovery implements Discovery {

    private final ListingDiscovery listing;
    private final Optional<GcsNotifications> notifications;

    public GcsDiscovery(
            GcsSource source, Duration pollInterval, GcsSettings options, ObjectTracker tracker, MeterRegistry meters) {
        this.listing = new ListingDiscovery(source, pollInterval, tracker);
        this.notifications = options.notifications()
                .map(subscription ->
                        new GcsNotifications(subscription, options.pubsubEndpoint(), source, tracker, meters));
    }

    @Override
    public void start() {
        notifications.ifPresent(GcsNotifications::start);
        listing.start();
    }

    @Override
    public void close() {
        listing.close();
        notifications.ifPresent(GcsNotifications::close);
    }
}
