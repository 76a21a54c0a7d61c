package dev.daybook.connectors.warehouse.bigquery;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigquery.storage.v1.Exceptions;
import dev.daybook.connectors.warehouse.WarehouseException;
import io.grpc.Status;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a failed Storage Write API append means for the sink. A row BigQuery cannot take (a value that does not
 * fit its column) is a refusal of rows, so that the sink dead-letters it and writes the rest; a closed writer,
 * an unavailable or overloaded service, a deadline or a connection lost are transient; anything else (a
 * missing table, a refused permission, a schema that does not match) is permanent.
 */
final class AppendErrors {

    private static final Set<Status.Code> TRANSIENT = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED,
            Status.Code.INTERNAL,
            Status.Code.CANCELLED);

    private AppendErrors() {}

    static WarehouseException toWarehouseException(String what, Throwable failure) {
        if (failure instanceof Exceptions.AppendSerializationError refused) {
            return WarehouseException.rowsRefused(
                    what + " refused: " + rowErrors(refused.getRowIndexToErrorMessage()), failure);
        }
        if (failure instanceof Exceptions.StreamWriterClosedException) {
            return new WarehouseException(what + " failed (transient): the writer was closed", true, failure);
        }
        Status.Code code = code(failure);
        boolean isTransient = code != null && TRANSIENT.contains(code);
        String message = what + " failed (" + (code == null ? "" : code + ", ")
                + (isTransient ? "transient" : "permanent") + "): " + failure.getMessage();
        return new WarehouseException(message, isTransient, failure);
    }

    private static String rowErrors(Map<Integer, String> errors) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(errors)
                .forEach((row, error) -> text.append(text.isEmpty() ? "" : "; ")
                        .append("row ")
                        .append(row)
                        .append(": ")
                        .append(error));
        return text.toString();
    }

    private static Status.Code code(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return Status.Code.valueOf(api.getStatusCode().getCode().name());
            }
        }
        Status.Code code = Status.fromThrowable(failure).getCode();
        return code == Status.Code.UNKNOWN ? null : code;
    }
}
