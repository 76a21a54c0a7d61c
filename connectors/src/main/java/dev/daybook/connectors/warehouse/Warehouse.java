package dev.daybook.connectors.warehouse;

import dev.daybook.schemas.DailyVolume;
import java.util.List;

/**
 * Where the daily-volume table ends up. The sink runner hands it batches in which each key appears
 * once, with its newest version; a warehouse must make the write idempotent and must never let a row
 * replace a row of the same key with a higher version.
 */
public interface Warehouse extends AutoCloseable {

    /** Creates what the warehouse needs (tables, views) if missing; fails when what exists is incompatible. */
    void prepare() throws WarehouseException;

    /** Upserts the batch by (date, project_id), guarded by version. */
    void upsert(List<DailyVolume> batch) throws WarehouseException;

    /**
     * Deletes every row, keeping the table: after an application reset the recomputed rows start again at
     * version 1, which the version guard would refuse while the old rows are there ({@code daybook reset}).
     */
    default void clear() throws WarehouseException {
        throw new WarehouseException(this + " cannot be cleared by Daybook; delete its rows by hand", false, null);
    }

    /**
     * Whether the table survives the process. The sink keeps its place in the daily-volume topic only for
     * a durable warehouse; one that is not (print) is refilled from the beginning of the compacted topic.
     */
    default boolean durable() {
        return true;
    }

    @Override
    void close();
}
