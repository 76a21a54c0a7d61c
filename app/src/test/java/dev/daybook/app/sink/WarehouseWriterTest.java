package dev.daybook.app.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Preparing the warehouse goes through the writer's one retry layer too, and a stop ends its waits. */
class WarehouseWriterTest {

    private static final SinkSettings TWO_RETRIES =
            new SinkSettings(10, Duration.ofSeconds(1), 2, Duration.ofMillis(1), Duration.ofMillis(2));

    @Test
    void aTransientFailureToPrepareTheWarehouseIsRetried() throws Exception {
        FailingPreparation warehouse = new FailingPreparation(2, true);

        writer(warehouse, TWO_RETRIES).prepare();

        assertThat(warehouse.attempts).hasValue(3);
    }

    @Test
    void preparingGivesUpWhenTransientFailuresOutlastTheRetries() {
        FailingPreparation warehouse = new FailingPreparation(3, true);

        assertThatThrownBy(writer(warehouse, TWO_RETRIES)::prepare)
                .isInstanceOf(SinkFailedException.class)
                .hasMessage("cannot prepare the warehouse after 3 attempts: not now");
        assertThat(warehouse.attempts).hasValue(3);
    }

    @Test
    void aPermanentFailureToPrepareTheWarehouseIsNotRetried() {
        FailingPreparation warehouse = new FailingPreparation(1, false);

        assertThatThrownBy(writer(warehouse, TWO_RETRIES)::prepare)
                .isInstanceOf(SinkFailedException.class)
                .hasMessage("cannot prepare the warehouse: the table has other columns");
        assertThat(warehouse.attempts).hasValue(1);
    }

    @Test
    @Timeout(30)
    void aStoppedWriterGivesUpInsteadOfWaitingToRetry() {
        FailingPreparation warehouse = new FailingPreparation(1, true);
        WarehouseWriter writer = writer(
                warehouse, new SinkSettings(10, Duration.ofSeconds(1), 2, Duration.ofHours(1), Duration.ofHours(1)));

        writer.stop();

        assertThatThrownBy(writer::prepare).isInstanceOf(Abandoned.class);
        assertThat(warehouse.attempts).hasValue(1);
    }

    private static WarehouseWriter writer(Warehouse warehouse, SinkSettings settings) {
        return new WarehouseWriter(warehouse, settings, DaybookMetrics.unexported(), new SinkProgress());
    }

    /** Fails its first {@code failures} preparations, transiently or for good. */
    private static final class FailingPreparation implements Warehouse {
        final AtomicInteger attempts = new AtomicInteger();
        private final int failures;
        private final boolean transientFailure;

        FailingPreparation(int failures, boolean transientFailure) {
            this.failures = failures;
            this.transientFailure = transientFailure;
        }

        @Override
        public void prepare() throws WarehouseException {
            if (attempts.incrementAndGet() <= failures) {
                throw new WarehouseException(
                        transientFailure ? "not now" : "the table has other columns", transientFailure, null);
            }
        }

        @Override
        public void upsert(List<DailyVolume> batch) {
            throw new UnsupportedOperationException("only prepared");
        }

        @Override
        public void close() {}
    }
}
