package dev.daybook.connectors.warehouse;

import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where the warehouse model ends up: the tables of {@link WarehouseTable}, one write method each. A warehouse
 * keeps the tables of {@link #tables()} and implements their write methods; the others are never called. The
 * sink feeds each kept table from its own topic, with its own committed offsets, and hands a write method
 * batches in which each key appears once, with its newest record. Every write must be idempotent, so that a batch written again
 * (after a crash, a failed commit or a retry, in whole or in part) leaves the table as if it was written once;
 * a write of several rows is applied whole or not at all where the warehouse allows it, and never leaves a
 * row half written. The sink calls the write methods of one warehouse from one thread at a time.
 */
public interface Warehouse extends AutoCloseable {

    /**
     * Creates every table of {@link #tables()} and the views over them, if missing; fails when a table that exists
     * has other columns, naming the columns that differ.
     */
    void prepare() throws WarehouseException;

    /** The tables this warehouse keeps; the sink feeds only these. Every warehouse keeps {@code daily_volume}. */
    default Set<WarehouseTable> tables() {
        return EnumSet.of(WarehouseTable.DAILY_VOLUME);
    }

    /** {@code daily_volume}: upserts the batch by (date, project_id), guarded by version. */
    void upsert(List<DailyVolume> batch) throws WarehouseException;

    /**
     * {@code transactions}, the raw layer: inserts each transaction whose event id is not in the table yet and
     * leaves the others as they are, so that an event id appears once however often it is written.
     */
    default void insertTransactions(List<Transaction> batch) throws WarehouseException {
        throw notKept(WarehouseTable.TRANSACTIONS);
    }

    /**
     * {@code daily_currency_volume}: upserts the batch by (date, project_id, chain_id, currency_address), guarded
     * by version like {@link #upsert}.
     */
    default void upsertDailyCurrencyVolume(List<DailyCurrencyVolume> batch) throws WarehouseException {
        throw notKept(WarehouseTable.DAILY_CURRENCY_VOLUME);
    }

    /**
     * {@code coin_daily}: upserts the batch by (coin_id, date); a row of the batch replaces the table's (the rates
     * topic has no version: the sink writes its records in order, so the newest is written last).
     */
    default void upsertCoinDaily(List<CoinDaily> batch) throws WarehouseException {
        throw notKept(WarehouseTable.COIN_DAILY);
    }

    /** {@code tokens}: upserts the batch by (chain_id, address); a row of the batch replaces the table's. */
    default void upsertTokens(List<TokenRow> batch) throws WarehouseException {
        throw notKept(WarehouseTable.TOKENS);
    }

    /** {@code dates}: inserts each date not in the table yet; a row depends on its date only. */
    default void insertDates(List<DateRow> batch) throws WarehouseException {
        throw notKept(WarehouseTable.DATES);
    }

    /**
     * Deletes every row of the tables computed by the aggregation ({@code daily_volume},
     * {@code daily_currency_volume}), keeping the tables: after an application reset the recomputed rows start
     * again at version 1, which the version guard would refuse while the old rows are there ({@code daybook reset}).
     * The raw layer, the reference tables and {@code dates} are kept: a replay writes the same rows to them.
     */
    default void clear() throws WarehouseException {
        throw new WarehouseException(this + " cannot be cleared by Daybook; delete its rows by hand", false, null);
    }

    /**
     * Whether the tables survive the process. The sink keeps its place in the topics only for a durable warehouse;
     * one that is not (print) is refilled from the beginning of the compacted topics.
     */
    default boolean durable() {
        return true;
    }

    @Override
    void close();

    private UnsupportedOperationException notKept(WarehouseTable table) {
        return new UnsupportedOperationException(this + " does not keep the table " + table.tableName());
    }
}
