package dev.daybook.connectors.warehouse;

import dev.daybook.connectors.retry.Retry;
import dev.daybook.schemas.DailyVolume;
import java.util.List;

/**
 * A warehouse whose operations are retried with one {@link Retry} when they fail transiently: the one place
 * where warehouse writes are retried, so that retries never nest. A refusal of rows and a permanent failure
 * are thrown at once; the last transient failure is thrown as it is once the attempts are used up.
 *
 * <p>Every operation may be run again: {@link Warehouse#upsert(List)} is guarded by version, so replaying a
 * batch of which a failed attempt had in fact been applied, in whole or in part, changes nothing.
 */
public final class RetryingWarehouse implements Warehouse {

    private final Warehouse target;
    private final Retry retry;

    public RetryingWarehouse(Warehouse target, Retry retry) {
        this.target = target;
        this.retry = retry;
    }

    @Override
    public void prepare() throws WarehouseException {
        run("prepare the warehouse", target::prepare);
    }

    @Override
    public void upsert(List<DailyVolume> batch) throws WarehouseException {
        run("write " + batch.size() + " rows", () -> target.upsert(batch));
    }

    @Override
    public void clear() throws WarehouseException {
        run("clear the warehouse", target::clear);
    }

    @Override
    public boolean durable() {
        return target.durable();
    }

    @Override
    public void close() {
        target.close();
    }

    @Override
    public String toString() {
        return target.toString();
    }

    private void run(String what, Operation operation) throws WarehouseException {
        try {
            retry.call(
                    what,
                    () -> {
                        operation.run();
                        return null;
                    },
                    RetryingWarehouse::isTransient);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(what + " was interrupted", true, e);
        } catch (WarehouseException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a warehouse operation threw an undeclared " + e, e);
        }
    }

    private static boolean isTransient(Exception e) {
        return e instanceof WarehouseException failure && failure.transientFailure() && !failure.rowsRefused();
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws WarehouseException;
    }
}
