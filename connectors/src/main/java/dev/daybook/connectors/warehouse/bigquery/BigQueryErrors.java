package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.JobException;
import dev.daybook.connectors.warehouse.WarehouseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which BigQuery failures may pass when tried again. Transient: HTTP 5xx and no answer at all; the
 * reasons rateLimitExceeded, backendError, internalError and their job variants; and two failures
 * BigQuery reports with a reason that otherwise means "your request is wrong" (invalidQuery,
 * quotaExceeded), recognised by their message: a MERGE that lost to a concurrent one on the same
 * partitions ("Could not serialize access to table ... due to concurrent update") and a full DML queue
 * ("Too many DML statements outstanding against table ..."). Everything else (invalid, notFound,
 * accessDenied, a daily quota) stays as it is however often it is retried.
 *
 * <p>Of the permanent failures of a MERGE, those BigQuery gives as invalid or invalidQuery (a value out of
 * range, such as a DATE before year 1) may be caused by some of its rows: the sink then writes the rows
 * without them ({@link WarehouseException#rowsRefused()}).
 */
final class BigQueryErrors {

    private static final Set<String> TRANSIENT_REASONS = Set.of(
            "rateLimitExceeded",
            "jobRateLimitExceeded",
            "backendError",
            "jobBackendError",
            "internalError",
            "jobInternalError");

    private static final List<String> TRANSIENT_MESSAGES = List.of(
            "could not serialize access to table", "due to concurrent update", "too many dml statements outstanding");

    private static final Set<String> ROW_REASONS = Set.of("invalid", "invalidQuery");

    private static final int MAX_MESSAGE = 500;

    private BigQueryErrors() {}

    static boolean isTransient(Exception failure) {
        if (failure instanceof BigQueryException e) {
            if (e.getCode() >= 500 || (e.getCode() == 0 && isLostConnection(e.getCause()))) {
                return true;
            }
        } else if (!(failure instanceof JobException)) {
            return false;
        }
        return errors(failure).stream().anyMatch(BigQueryErrors::isTransientError)
                || isTransientMessage(failure.getMessage());
    }

    /** The failure of a MERGE: as {@link #toWarehouseException}, or a refusal of rows when the rows may be the cause. */
    static WarehouseException toMergeException(String what, Exception failure) {
        WarehouseException classified = toWarehouseException(what, failure);
        boolean rowsMayBeTheCause = !classified.transientFailure()
                && errors(failure).stream().anyMatch(error -> ROW_REASONS.contains(error.getReason()));
        return rowsMayBeTheCause ? WarehouseException.rowsRefused(classified.getMessage(), failure) : classified;
    }

    /** The failure as the sink sees it: what was being done, what BigQuery said, and whether to retry. */
    static WarehouseException toWarehouseException(String what, Exception failure) {
        boolean isTransient = isTransient(failure);
        String detail = errors(failure).stream()
                .map(error -> error.getReason() + ": " + shortened(error.getMessage()))
                .distinct()
                .collect(Collectors.joining("; "));
        String status = failure instanceof BigQueryException e && e.getCode() > 0 ? "HTTP " + e.getCode() + ", " : "";
        String message = what + " failed (" + status + (isTransient ? "transient" : "permanent") + "): "
                + (detail.isEmpty() ? shortened(failure.getMessage()) : detail);
        return new WarehouseException(message, isTransient, failure);
    }

    /**
     * No answer: a connection refused or reset, or a read timeout, which the client library (gax)
     * reports as an InterruptedException: it interrupts the thread on an InterruptedIOException and
     * then fails the attempt with the interrupt, clearing the flag. Any MERGE may be retried after it,
     * whether or not BigQuery ran it.
     */
    private static boolean isLostConnection(Throwable cause) {
        return cause instanceof IOException || cause instanceof InterruptedException;
    }

    /** BigQuery's messages are short; an emulator's may quote a whole generated statement. */
    private static String shortened(String message) {
        String text = String.valueOf(message);
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }

    private static boolean isTransientError(BigQueryError error) {
        return TRANSIENT_REASONS.contains(error.getReason()) || isTransientMessage(error.getMessage());
    }

    private static boolean isTransientMessage(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return TRANSIENT_MESSAGES.stream().anyMatch(lower::contains);
    }

    private static List<BigQueryError> errors(Exception failure) {
        List<BigQueryError> errors = new ArrayList<>();
        if (failure instanceof BigQueryException e && e.getErrors() != null) {
            errors.addAll(e.getErrors());
        } else if (failure instanceof JobException e && e.getErrors() != null) {
            errors.addAll(e.getErrors());
        }
        errors.removeIf(java.util.Objects::isNull);
        return errors;
    }
}
