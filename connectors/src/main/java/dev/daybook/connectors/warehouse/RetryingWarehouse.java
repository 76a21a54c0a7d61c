package dev.daybook.connectors.warehouse;

import dev.daybook.connectors.retry.Retry;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.util.List;
import java.util.Set;

/**
 * A warehouse whose operations are retried with one {@link Retry} when they fail transiently: the one place
 * where warehouse writes are retried, so that retries never nest. A refusal of rows and a permanent failure
 * are thrown at once; the last transient failure is thrown as it is once the attempts are used up.
 *
 * <p>Every operation may be run again: every write is idempotent (see {@link Warehouse}), so replaying a batch of
 * which a failed attempt had in fact been applied, in whole or in part, changes nothing.
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
    public Set<WarehouseTable> tables() {
        return target.tables();
    }

    @Override
    public void upsert(List<DailyVolume> batch) throws WarehouseException {
        run("write " + batch.size() + " rows", () -> target.upsert(batch));
    }

    @Override
    public void insertTransactions(List<Transaction> batch) throws WarehouseException {
        run(writing(batch, WarehouseTable.TRANSACTIONS), () -> target.insertTransactions(batch));
    }

    @Override
    public void upsertDailyCurrencyVolume(List<DailyCurrencyVolume> batch) throws WarehouseException {
        run(writing(batch, WarehouseTable.DAILY_CURRENCY_VOLUME), () -> target.upsertDailyCurrencyVolume(batch));
    }

    @Override
    public void upsertCoinDaily(List<CoinDaily> batch) throws WarehouseException {
        run(writing(batch, WarehouseTable.COIN_DAILY), () -> target.upsertCoinDaily(batch));
    }

    @Override
    public void upsertTokens(List<TokenRow> batch) throws WarehouseException {
        run(writing(batch, WarehouseTable.TOKENS), () -> target.upsertTokens(batch));
    }

    @Override
    public void insertDates(List<DateRow> batch) throws WarehouseException {
        run(writing(batch, WarehouseTable.DATES), () -> target.insertDates(batch));
    }

    private static String writing(List<?> batch, WarehouseTable table) {
        return "write " + batch.size() + " rows to " + table.tableName();
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
