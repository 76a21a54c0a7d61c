package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.bigquery.storage.v1.Exceptions;
import dev.daybook.connectors.warehouse.WarehouseException;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppendErrorsTest {

    @Test
    void rowsTheWriteApiCannotTakeAreARefusalOfRowsNamingEachRow() {
        WarehouseException e = AppendErrors.toWarehouseException(
                "appending 3 rows to p.d.transactions_staging (Storage Write API)",
                new Exceptions.AppendSerializationError(
                        3, "rows do not fit", "stream", Map.of(2, "field ts: out of range", 0, "field x: unknown")));

        assertThat(e.rowsRefused()).isTrue();
        assertThat(e.transientFailure()).isFalse();
        assertThat(e)
                .hasMessage("appending 3 rows to p.d.transactions_staging (Storage Write API) refused:"
                        + " row 0: field x: unknown; row 2: field ts: out of range");
    }

    @ParameterizedTest
    @EnumSource(
            value = Status.Code.class,
            names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL", "CANCELLED"})
    void aServiceThatMayAnswerNextTimeIsTransient(Status.Code code) {
        WarehouseException e = AppendErrors.toWarehouseException(
                "appending",
                ApiExceptionFactory.createException(new RuntimeException("x"), GrpcStatusCode.of(code), false));

        assertThat(e.transientFailure()).as(e.getMessage()).isTrue();
        assertThat(e.rowsRefused()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = Status.Code.class,
            names = {"NOT_FOUND", "PERMISSION_DENIED", "INVALID_ARGUMENT", "UNAUTHENTICATED"})
    void aRequestThatStaysWrongIsPermanent(Status.Code code) {
        WarehouseException e = AppendErrors.toWarehouseException(
                "appending",
                ApiExceptionFactory.createException(new RuntimeException("x"), GrpcStatusCode.of(code), false));

        assertThat(e.transientFailure()).as(e.getMessage()).isFalse();
        assertThat(e.rowsRefused()).isFalse();
        assertThat(e).hasMessageStartingWith("appending failed (" + code + ", permanent)");
    }

    @Test
    void aStatusWithoutTheApiWrapperIsReadToo() {
        WarehouseException e = AppendErrors.toWarehouseException("appending", Status.UNAVAILABLE.asRuntimeException());

        assertThat(e.transientFailure()).isTrue();
    }
}
