package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import dev.daybook.connectors.warehouse.WarehouseException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How failures the client reports are classified; the same shapes go over the wire in BigQueryFaultsTest. */
class BigQueryErrorsTest {

    @Test
    void serverErrorsRateLimitsAndLostConnectionsAreTransient() {
        assertThat(BigQueryErrors.isTransient(new BigQueryException(503, "Service Unavailable")))
                .isTrue();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(500, "boom", error("backendError", "boom"))))
                .isTrue();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(
                        403,
                        "Exceeded rate limits",
                        error(
                                "rateLimitExceeded",
                                "Exceeded rate limits: too many table update operations for this table"))))
                .isTrue();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(0, "Read timed out", new SocketTimeoutException())))
                .isTrue();
    }

    @Test
    void concurrentUpdateConflictsAndAFullDmlQueueAreTransientWhateverTheirReason() {
        assertThat(BigQueryErrors.isTransient(new BigQueryException(
                        400,
                        "conflict",
                        error("invalidQuery", "Could not serialize access to table p:d.t due to concurrent update"))))
                .isTrue();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(
                        403,
                        "queue",
                        error(
                                "quotaExceeded",
                                "Too many DML statements outstanding against table p:d.t, limit is 20"))))
                .isTrue();
        // a failed query job, as jobs.query reports it
        assertThat(BigQueryErrors.isTransient(new BigQueryException(List.of(
                        error("invalidQuery", "Could not serialize access to table p:d.t due to concurrent update")))))
                .isTrue();
    }

    @Test
    void badRequestsMissingTablesDeniedAccessAndExhaustedQuotasArePermanent() {
        assertThat(BigQueryErrors.isTransient(new BigQueryException(400, "bad", error("invalid", "Syntax error"))))
                .isFalse();
        assertThat(BigQueryErrors.isTransient(
                        new BigQueryException(404, "gone", error("notFound", "Not found: Table p:d.t"))))
                .isFalse();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(403, "no", error("accessDenied", "Access Denied"))))
                .isFalse();
        assertThat(BigQueryErrors.isTransient(new BigQueryException(
                        403,
                        "quota",
                        error(
                                "quotaExceeded",
                                "Quota exceeded: Your project exceeded quota for free query bytes scanned"))))
                .isFalse();
        assertThat(BigQueryErrors.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void theWarehouseExceptionSaysWhatFailedWhatBigQuerySaidAndWhetherToRetry() {
        WarehouseException permanent = BigQueryErrors.toWarehouseException(
                "MERGE of 2 rows into p.d.t",
                new BigQueryException(400, "bad", error("invalidQuery", "Unrecognized name: foo at [3:7]")));
        WarehouseException transientFailure = BigQueryErrors.toWarehouseException(
                "MERGE of 2 rows into p.d.t", new BigQueryException(503, "Service Unavailable"));

        assertThat(permanent.transientFailure()).isFalse();
        assertThat(permanent)
                .hasMessage(
                        "MERGE of 2 rows into p.d.t failed (HTTP 400, permanent): invalidQuery: Unrecognized name: foo at [3:7]");
        assertThat(transientFailure.transientFailure()).isTrue();
        assertThat(transientFailure)
                .hasMessage("MERGE of 2 rows into p.d.t failed (HTTP 503, transient): Service Unavailable");
    }

    @Test
    void anInvalidMergeMayBeCausedByItsRowsButAMissingTableOrDeniedAccessIsNot() {
        WarehouseException outOfRange = BigQueryErrors.toMergeException(
                "MERGE of 2 rows into p.d.t",
                new BigQueryException(400, "bad", error("invalidQuery", "Invalid DATE literal")));
        WarehouseException gone = BigQueryErrors.toMergeException(
                "MERGE of 2 rows into p.d.t",
                new BigQueryException(404, "gone", error("notFound", "Not found: Table p:d.t")));
        WarehouseException busy = BigQueryErrors.toMergeException(
                "MERGE of 2 rows into p.d.t",
                new BigQueryException(
                        400,
                        "conflict",
                        error("invalidQuery", "Could not serialize access to table p:d.t due to concurrent update")));

        assertThat(outOfRange.rowsRefused()).isTrue();
        assertThat(outOfRange)
                .hasMessage(
                        "MERGE of 2 rows into p.d.t failed (HTTP 400, permanent): invalidQuery: Invalid DATE literal");
        assertThat(gone.rowsRefused()).isFalse();
        assertThat(busy.rowsRefused()).isFalse();
        assertThat(busy.transientFailure()).isTrue();
        assertThat(BigQueryErrors.toWarehouseException(
                                "creating table p.d.t",
                                new BigQueryException(400, "bad", error("invalid", "Syntax error")))
                        .rowsRefused())
                .isFalse();
    }

    private static BigQueryError error(String reason, String message) {
        return new BigQueryError(reason, "global", message);
    }
}
