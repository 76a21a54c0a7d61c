package dev.daybook.app.http;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * The verdict, with a one-line reason when not ready; when ready, the reason may hold a note that needs no
     * action to stay ready but deserves a look (e.g. rows the warehouse refused), empty otherwise.
     */
    record Health(boolean ready, String reason) {

        public static final Health READY = new Health(true, "");

        public Health {
            Objects.requireNonNull(reason, "reason");
        }

        public static Health unready(String reason) {
            return new Health(false, reason);
        }

        public static Health readyNoting(String note) {
            return new Health(true, note);
        }
    }

    /** Not ready yet: what the server reports until the runner hands it the real checks. */
    Readiness STARTING = () -> Health.unready("starting");

    /** Ready while Kafka Streams is RUNNING. */
    static Readiness streams(Supplier<KafkaStreams.State> state) {
        return () -> {
            KafkaStreams.State now = state.get();
            return now == KafkaStreams.State.RUNNING
                    ? Health.READY
                    : Health.unready("Kafka Streams is " + now + ", not RUNNING");
        };
    }

    /** Ready until {@code part} (e.g. "the ingester") reports a failure, which becomes the reason. */
    static Readiness unlessFailed(String part, Supplier<Optional<String>> failure) {
        return () -> failure.get()
                .map(reason -> Health.unready(part + " failed: " + reason))
                .orElse(Health.READY);
    }

    /** Ready, with the parts' notes, when every part is; otherwise the first part's reason for not being ready. */
    static Readiness allOf(Readiness... parts) {
        return () -> {
            List<String> notes = new ArrayList<>();
            for (Readiness part : parts) {
                Health health = part.check();
                if (!health.ready()) {
                    return health;
                }
                if (!health.reason().isEmpty()) {
                    notes.add(health.reason());
                }
            }
            return notes.isEmpty() ? Health.READY : Health.readyNoting(String.join("; ", notes));
        };
    }
}
