package dev.daybook.connectors.source.gcs;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import dev.daybook.connectors.source.Discovery;
import dev.daybook.connectors.source.ObjectTracker;
import dev.daybook.connectors.source.SourceObject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers objects from the bucket's {@code OBJECT_FINALIZE} Pub/Sub notifications within seconds
 * of their upload. A notification only names an object version; its metadata is read from GCS, so a
 * version that is already gone again is skipped (its successor has a notification of its own).
 * Messages are acknowledged once the object is in the tracker: a notification lost to a crash after
 * that is covered by listing, which always runs beside this.
 */
public final class GcsNotifications implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(GcsNotifications.class);
    private static final String FINALIZE = "OBJECT_FINALIZE";

    private final GcsSource source;
    private final ObjectTracker tracker;
    private final String subscription;
    private final Optional<ManagedChannel> emulatorChannel;
    private final Subscriber subscriber;
    private final Counter offered;
    private final Counter alreadyKnown;
    private final Counter ignored;
    private final Counter failed;

    /**
     * @param subscription {@code projects/P/subscriptions/S}, attached to the bucket's notification topic
     * @param emulator     {@code host:port} of a Pub/Sub emulator, reached in plaintext without credentials;
     *                     empty for Google Cloud Pub/Sub with Application Default Credentials
     */
    public GcsNotifications(
            String subscription,
            Optional<String> emulator,
            GcsSource source,
            ObjectTracker tracker,
            MeterRegistry meters) {
        this.source = source;
        this.tracker = tracker;
        this.subscription = subscription;
        this.emulatorChannel = emulator.map(
                target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build());
        this.offered = outcome(meters, "offered");
        this.alreadyKnown = outcome(meters, "known");
        this.ignored = outcome(meters, "ignored");
        this.failed = outcome(meters, "failed");

        Subscriber.Builder builder = Subscriber.newBuilder(ProjectSubscriptionName.parse(subscription), this::receive)
                .setParallelPullCount(1)
                .setExecutorProvider(InstantiatingExecutorProvider.newBuilder()
                        .setExecutorThreadCount(1)
                        .build())
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount(100L)
                        .build());
        emulatorChannel.ifPresent(channel -> builder.setChannelProvider(
                        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create()));
        this.subscriber = builder.build();
        subscriber.addListener(
                new ApiService.Listener() {
                    @Override
                    public void failed(ApiService.State from, Throwable failure) {
                        log.error(
                                "Notifications from {} stopped; new objects are found by listing only",
                                subscription,
                                failure);
                    }
                },
                MoreExecutors.directExecutor());
    }

    private Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("daybook.gcs.notifications")
                .description("object notifications received, by what became of them")
                .tag("source", source.uri())
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void start() {
        subscriber.startAsync().awaitRunning();
        log.info("Receiving object notifications from {}", subscription);
    }

    private void receive(PubsubMessage message, AckReplyConsumer reply) {
        Map<String, String> attributes = message.getAttributesMap();
        Optional<ObjectVersion> version = ObjectVersion.of(attributes);
        if (!FINALIZE.equals(attributes.get("eventType")) || version.isEmpty()) {
            ignored.increment();
            reply.ack();
            return;
        }
        ObjectVersion named = version.get();
        try {
            Optional<SourceObject> object = source.find(named.bucket(), named.name(), named.generation());
            if (object.isEmpty()) {
                ignored.increment();
            } else if (tracker.offer(object.get())) {
                offered.increment();
            } else {
                alreadyKnown.increment();
            }
            reply.ack();
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.warn("Could not look up notified object {}; Pub/Sub will deliver it again", named, e);
            reply.nack();
        }
    }

    /** The object version a notification's attributes name. */
    private record ObjectVersion(String bucket, String name, long generation) {
        static Optional<ObjectVersion> of(Map<String, String> attributes) {
            String bucket = attributes.get("bucketId");
            String name = attributes.get("objectId");
            String generation = attributes.get("objectGeneration");
            if (bucket == null || name == null || generation == null || !generation.matches("\\d{1,18}")) {
                return Optional.empty();
            }
            return Optional.of(new ObjectVersion(bucket, name, Long.parseLong(generation)));
        }

        @Override
        public String toString() {
            return "gs://" + bucket + "/" + name + "#" + generation;
        }
    }

    @Override
    public void close() {
        try {
            subscriber.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
        } catch (TimeoutException | IllegalStateException e) {
            log.warn("Notification subscriber of {} did not stop cleanly", subscription, e);
        }
        emulatorChannel.ifPresent(ManagedChannel::shutdownNow);
    }
}
