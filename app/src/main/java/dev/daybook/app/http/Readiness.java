package dev.daybook.app.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance should receive traffic: {@code /health/ready} answers 200 when it is ready and 503
 * with the reason otherwise. The runner composes it from what it runs, e.g.
 * {@code Readiness.allOf(Readiness.streams(streams::state), sinkReadiness)}.
 */
@FunctionalInterface
public interface Readiness {

    Health check();

    /** The verdict, with a one-line reason when not ready. */
    record Health(boolean ready, String reason) {

        public static final Health READY = new Health(true, "");

        public Health {
            Objects.requireNonNull(reason, "reason");
        }

        public static Health unready(String reason) {
            return new Health(false, reason);
        }
    }

    /** Not ready yet: what the server reports until the runner hands it the real checks. */
    Readiness STARTING = () -> Health.unready("starting");

    /** Ready while Kafka Streams is RUNNING. */
    static Readiness streams(Supplier<KafkaStreams.State> state) {
        return () -> {
            KafkaStreams.State now = state.get();
            return now == KafkaStreams.State.RUNNING ? Health.READY
                    : Health.unready("Kafka Streams is " + now + ", not RUNNING");
        };
    }

    /** Ready until {@code part} (e.g. "the ingester") reports a failure, which becomes the reason. */
    static Readiness unlessFailed(String part, Supplier<Optional<String>> failure) {
        return () -> failure.get().map(reason -> Health.unready(part + " failed: " + reason)).orElse(Health.READY);
    }

    /** Ready when every part is; otherwise the first part's reason for not being ready. */
    static Readiness allOf(Readiness... parts) {
        return () -> {
            for (Readiness part : parts) {
                Health health = part.check();
                if (!health.ready()) {
                    return health;
                }
            }
            return Health.READY;
        };
    }
}
