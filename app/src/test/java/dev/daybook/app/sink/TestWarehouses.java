package dev.daybook.app.sink;

import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Warehouses that fail or wait on purpose, around a real one. */
final class TestWarehouses {

    private TestWarehouses() {}

    /** Delegates, and records the batches the delegate accepted. */
    static class Recording implements Warehouse {
        final Warehouse delegate;
        final List<List<DailyVolume>> accepted = new ArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        Recording(Warehouse delegate) {
            this.delegate = delegate;
        }

        @Override
        public void prepare() throws WarehouseException {
            delegate.prepare();
        }

        @Override
        public void upsert(List<DailyVolume> batch) throws WarehouseException {
            attempts.incrementAndGet();
            beforeUpsert(batch);
            delegate.upsert(batch);
            synchronized (accepted) {
                accepted.add(List.copyOf(batch));
            }
        }

        void beforeUpsert(List<DailyVolume> batch) throws WarehouseException {}

        List<List<DailyVolume>> accepted() {
            synchronized (accepted) {
                return List.copyOf(accepted);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Fails the first {@code failures} upserts, transiently or for good. */
    static final class Failing extends Recording {
        private final AtomicInteger failuresLeft;
        private final boolean transientFailure;

        Failing(Warehouse delegate, int failures, boolean transientFailure) {
            super(delegate);
            this.failuresLeft = new AtomicInteger(failures);
            this.transientFailure = transientFailure;
        }

        @Override
        void beforeUpsert(List<DailyVolume> batch) throws WarehouseException {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new WarehouseException(
                        transientFailure ? "warehouse briefly unavailable" : "table is read-only",
                        transientFailure,
                        null);
            }
        }
    }

    /** Holds every upsert until {@link #release()}. */
    static final class Gated extends Recording {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);

        Gated(Warehouse delegate) {
            super(delegate);
        }

        @Override
        void beforeUpsert(List<DailyVolume> batch) {
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the warehouse");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void release() {
            gate.countDown();
        }
    }
}
