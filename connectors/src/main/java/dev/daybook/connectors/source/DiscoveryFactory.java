package dev.daybook.connectors.source;

/** Makes the discoveries of one source, feeding the tracker the ingester takes objects from. */
@FunctionalInterface
public interface DiscoveryFactory {

    /** A discovery, not yet started, that offers what it finds to {@code tracker}. */
    Discovery create(ObjectTracker tracker);
}
