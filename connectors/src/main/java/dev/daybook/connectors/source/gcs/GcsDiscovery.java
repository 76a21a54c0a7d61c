package dev.daybook.connectors.source.gcs;

import dev.daybook.connectors.source.Discovery;
import dev.daybook.connectors.source.ListingDiscovery;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.connectors.source.SourceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * How a GCS source finds its objects: listing every poll interval; or, with {@code --notifications}, Pub/Sub
 * notifications, and a listing every reconcile interval as the safety net for notifications that never came. Both
 * feed the same tracker.
 */
public final class GcsDiscovery implements Discovery {

    private final ListingDiscovery listing;
    private final Optional<GcsNotifications> notifications;

    public GcsDiscovery(
            GcsSource source,
            SourceSettings settings,
            GcsSettings options,
            ObjectTracker tracker,
            MeterRegistry meters) {
        this.listing = new ListingDiscovery(source, listingInterval(settings, options), tracker);
        this.notifications = options.notifications()
                .map(subscription ->
                        new GcsNotifications(subscription, options.pubsubEndpoint(), source, tracker, meters));
    }

    /** How often the prefix is listed: with notifications only to reconcile, without them to find new objects. */
    static Duration listingInterval(SourceSettings settings, GcsSettings options) {
        if (options.notifications().isEmpty()) {
            return settings.pollInterval();
        }
        Duration reconcile = settings.reconcileInterval();
        return reconcile.compareTo(settings.pollInterval()) > 0 ? reconcile : settings.pollInterval();
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
