package dev.daybook.app.sink;

import dev.daybook.app.metrics.DaybookMetrics;
import dev.daybook.connectors.retry.Retry;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Writes the sink's batches to the warehouse, the one place a warehouse call is retried
 * ({@link SinkSettings#retryPolicy()}). The rows the warehouse refuses for good become dead letters of the
 * batch ({@link RefusedRowSearch}); any other failure, or running out of retries, stops the sink. A
 * {@link #stop()} ends a wait to retry at once, with {@link Abandoned}.
 */
final class WarehouseWriter {

    private final Warehouse warehouse;
    private final DaybookMetrics metrics;
    private final SinkProgress progress;
    private final int maxAttempts;
    private final Retry retry;
    private final CountDownLatch stopped = new CountDownLatch(1);

    WarehouseWriter(Warehouse warehouse, SinkSettings settings, DaybookMetrics metrics, SinkProgress progress) {
        this.warehouse = warehouse;
        this.metrics = metrics;
        this.progress = progress;
        this.maxAttempts = settings.retryPolicy().maxAttempts();
        this.retry = new Retry(
                settings.retryPolicy(),
                this::awaitRetry,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void prepare() throws SinkFailedException {
        try {
            withRetries("prepare the warehouse", warehouse::prepare);
        } catch (WarehouseException e) {
            throw new SinkFailedException("cannot prepare the warehouse: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the rows of the batch the warehouse accepts, table by table, the days of its dated rows first (so
     * that every day in a table is in the date dimension); those it refuses become dead letters of the batch.
     */
    void write(Batch batch) throws SinkFailedException {
        if (batch.rowCount() == 0) {
            return;
        }
        if (warehouse.tables().contains(WarehouseTable.DATES)) {
            writeDates(batch);
        }
        for (Batch.TableRows<?> table : batch.tables()) {
            write(table, batch);
        }
    }

    private void writeDates(Batch batch) throws SinkFailedException {
        List<DateRow> days = batch.days().stream().map(DateRow::of).toList();
        if (days.isEmpty()) {
            return;
        }
        try {
            withRetries(writing(days.size(), WarehouseTable.DATES), () -> warehouse.insertDates(days));
        } catch (WarehouseException e) {
            throw new SinkFailedException("cannot write " + days.size() + " dates: " + e.getMessage(), e);
        }
    }

    private <R> void write(Batch.TableRows<R> table, Batch batch) throws SinkFailedException {
        List<Batch.SourcedRow<R>> rows = table.rows();
        Feed<R> feed = table.feed();
        List<RefusedRowSearch.Refusal<Batch.SourcedRow<R>>> refused;
        try {
            refused = RefusedRowSearch.write(rows, part -> writeWithRetries(feed, part, batch));
        } catch (WarehouseException e) {
            throw new SinkFailedException("cannot " + writing(rows.size(), feed.table()) + ": " + e.getMessage(), e);
        }
        for (RefusedRowSearch.Refusal<Batch.SourcedRow<R>> refusal : refused) {
            batch.deadLetter(
                    refusal.row().source(), SinkRunner.REFUSED, refusal.reason().getMessage());
        }
        progress.written(rows.size() - refused.size());
    }

    /** Ends a wait to retry at once; every later one too. May be called from any thread. */
    void stop() {
        stopped.countDown();
    }

    private <R> void writeWithRetries(Feed<R> feed, List<Batch.SourcedRow<R>> rows, Batch batch)
            throws SinkFailedException, WarehouseException {
        List<R> values = rows.stream().map(Batch.SourcedRow::row).toList();
        withRetries(
                writing(values.size(), feed.table()),
                () -> timed(values.size(), batch, () -> feed.write().write(warehouse, values)));
    }

    private static String writing(int rows, WarehouseTable table) {
        return "write " + rows + " rows to " + table.tableName();
    }

    private void timed(int rows, Batch batch, WarehouseCall call) throws WarehouseException {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (WarehouseException | RuntimeException e) {
            metrics.sinkBatchFailed();
            throw e;
        }
        metrics.sinkBatchWritten(rows, Duration.ofNanos(System.nanoTime() - start), batch.newestRecord());
    }

    /**
     * Retries transient failures; a refusal of rows is thrown as it is, for {@link RefusedRowSearch}; any
     * other failure stops the sink.
     */
    private void withRetries(String what, WarehouseCall call) throws SinkFailedException, WarehouseException {
        try {
            retry.call(
                    what,
                    () -> {
                        call.run();
                        return null;
                    },
                    e -> e instanceof WarehouseException failure
                            && failure.transientFailure()
                            && !failure.rowsRefused());
        } catch (WarehouseException e) {
            if (e.rowsRefused()) {
                throw e;
            }
            if (!e.transientFailure()) {
                throw new SinkFailedException("cannot " + what + ": " + e.getMessage(), e);
            }
            throw new SinkFailedException(
                    "cannot " + what + " after " + maxAttempts + " attempts: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        } catch (Abandoned e) {
            throw e;
        } catch (Exception e) {
            throw new SinkFailedException("cannot " + what + ": " + e, e);
        }
    }

    private void awaitRetry(Duration delay) throws InterruptedException {
        if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Abandoned();
        }
    }

    @FunctionalInterface
    private interface WarehouseCall {
        void run() throws WarehouseException;
    }
}
