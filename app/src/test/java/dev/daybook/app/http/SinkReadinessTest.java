package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.app.sink.SinkStatus;
import dev.daybook.app.sink.SinkStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SinkReadinessTest {

    private final AtomicReference<SinkStatus> status =
            new AtomicReference<>(status(State.STARTING, 0, OptionalLong.empty()));
    private final MutableClock clock = new MutableClock();
    private final SinkReadiness readiness = new SinkReadiness(status::get, Duration.ofMinutes(2), clock);

    @Test
    void onlyARunningSinkIsReady() {
        assertThat(readiness.check()).isEqualTo(Readiness.Health.unready("the sink is starting"));
        status.set(status(State.RUNNING, 0, OptionalLong.of(0)));
        assertThat(readiness.check().ready()).isTrue();
        status.set(new SinkStatus(
                State.FAILED,
                Optional.of("cannot write 2 rows: table is read-only"),
                Optional.empty(),
                0,
                0,
                0,
                OptionalLong.empty()));
        assertThat(readiness.check())
                .isEqualTo(Readiness.Health.unready("the sink failed: cannot write 2 rows: table is read-only"));
        status.set(status(State.STOPPED, 0, OptionalLong.empty()));
        assertThat(readiness.check()).isEqualTo(Readiness.Health.unready("the sink stopped"));
    }

    @Test
    void aSinkThatWritesNothingWhileRecordsWaitIsStuckAfterTheTimeout() {
        status.set(status(State.RUNNING, 10, OptionalLong.of(5)));
        assertThat(readiness.check().ready()).isTrue(); // progress since the last check: 10 rows

        clock.advance(Duration.ofSeconds(30));
        assertThat(readiness.check().ready()).isTrue(); // no progress: the stall starts now
        clock.advance(Duration.ofSeconds(119));
        assertThat(readiness.check().ready()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(readiness.check())
                .isEqualTo(Readiness.Health.unready(
                        "the sink is stuck: 5 records wait and nothing was written for 120 s"));

        status.set(status(State.RUNNING, 12, OptionalLong.of(3)));
        assertThat(readiness.check().ready()).isTrue(); // it wrote again
    }

    @Test
    void anIdleSinkIsNotStuck() {
        status.set(status(State.RUNNING, 10, OptionalLong.of(0)));
        readiness.check();
        clock.advance(Duration.ofHours(1));

        assertThat(readiness.check().ready()).isTrue();
    }

    @Test
    void aSinkWhoseWarehouseRefusedRowsStaysReadyAndSaysHowMany() {
        status.set(new SinkStatus(State.RUNNING, Optional.empty(), Optional.empty(), 10, 3, 2, OptionalLong.of(0)));

        assertThat(readiness.check())
                .isEqualTo(Readiness.Health.readyNoting("the warehouse refused 2 rows since the sink"
                        + " started; they are in the dead-letter topic with reason warehouse_refused"));
    }

    @Test
    void rowsDeadLetteredAreProgressForAStuckSink() {
        status.set(new SinkStatus(State.RUNNING, Optional.empty(), Optional.empty(), 10, 0, 0, OptionalLong.of(5)));
        readiness.check();
        clock.advance(Duration.ofMinutes(3));
        status.set(new SinkStatus(State.RUNNING, Optional.empty(), Optional.empty(), 10, 4, 4, OptionalLong.of(5)));

        assertThat(readiness.check().ready()).isTrue();
    }

    private static SinkStatus status(State state, long rowsWritten, OptionalLong lag) {
        return new SinkStatus(state, Optional.empty(), Optional.empty(), rowsWritten, 0, 0, lag);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2024-04-16T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
