package dev.daybook.connectors.warehouse.bigquery;

import dev.daybook.connectors.warehouse.WarehouseException;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/** A call to BigQuery whose failure becomes a classified {@link WarehouseException} (see {@link BigQueryErrors}). */
final class BigQueryCalls {

    private BigQueryCalls() {}

    static <T> T call(String what, Callable<T> action) throws WarehouseException {
        return call(what, action, BigQueryErrors::toWarehouseException);
    }

    static <T> T call(String what, Callable<T> action, BiFunction<String, Exception, WarehouseException> classify)
            throws WarehouseException {
        try {
            return action.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(what + " was interrupted", true, e);
        } catch (Exception e) {
            throw classify.apply(what, e);
        }
    }
}
