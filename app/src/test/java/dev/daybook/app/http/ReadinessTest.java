package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void streamsAreReadyOnlyWhileRunning() {
        AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
        Readiness streams = Readiness.streams(state::get);

        assertThat(streams.check()).isEqualTo(Readiness.Health.unready("Kafka Streams is REBALANCING, not RUNNING"));
        state.set(KafkaStreams.State.RUNNING);
        assertThat(streams.check()).isEqualTo(Readiness.Health.READY);
        state.set(KafkaStreams.State.ERROR);
        assertThat(streams.check().reason()).isEqualTo("Kafka Streams is ERROR, not RUNNING");
    }

    @Test
    void allOfIsReadyWhenEveryPartIsAndOtherwiseGivesTheFirstReason() {
        Readiness ready = () -> Readiness.Health.READY;
        Readiness sinkDown = () -> Readiness.Health.unready("sink failed");
        Readiness streamsDown = () -> Readiness.Health.unready("streams down");

        assertThat(Readiness.allOf(ready, ready).check().ready()).isTrue();
        assertThat(Readiness.allOf(ready, sinkDown, streamsDown).check().reason())
                .isEqualTo("sink failed");
        assertThat(Readiness.STARTING.check()).isEqualTo(Readiness.Health.unready("starting"));
    }

    @Test
    void allOfKeepsTheNotesOfReadyParts() {
        Readiness ready = () -> Readiness.Health.READY;
        Readiness refused = () -> Readiness.Health.readyNoting("the warehouse refused 2 rows");
        Readiness sinkDown = () -> Readiness.Health.unready("sink failed");

        assertThat(Readiness.allOf(ready, refused, ready).check())
                .isEqualTo(Readiness.Health.readyNoting("the warehouse refused 2 rows"));
        assertThat(Readiness.allOf(refused, sinkDown).check()).isEqualTo(Readiness.Health.unready("sink failed"));
    }
}
