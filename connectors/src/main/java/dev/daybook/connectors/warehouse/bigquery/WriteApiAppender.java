package dev.daybook.connectors.warehouse.bigquery;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.bigquery.storage.v1.AppendRowsResponse;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteClient;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteSettings;
import com.google.cloud.bigquery.storage.v1.JsonStreamWriter;
import com.google.cloud.bigquery.storage.v1.TableName;
import dev.daybook.connectors.warehouse.WarehouseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Appends through the Storage Write API's default stream ({@code .../streams/_default}): no stream to create,
 * finalize or commit, rows visible as soon as the append returns, at least once. The writer's own retries are
 * off (the sink retries in one place).
 *
 * <p>Each append opens a writer (a GetWriteStream call for the table's schema, and a connection) and closes it.
 * At BigQuery's write cadence (a batch every 30 s or more) that costs little, a failed append leaves nothing
 * behind, and it is what goccy/bigquery-emulator needs: it reads the stream name only from the first request
 * of a connection, as BigQuery allows, but then sends later requests to whichever stream it finds first.
 */
final class WriteApiAppender implements RowAppender {

    /** Rows per AppendRows request: a raw-layer row is well under 1 KB, a request may be 10 MB. */
    static final int ROWS_PER_REQUEST = 2_000;

    private final BigQueryWriteClient client;

    WriteApiAppender(BigQueryWriteClient client) {
        this.client = client;
    }

    /**
     * The client for real BigQuery (Application Default Credentials), or for an emulator's gRPC endpoint
     * ({@code host:port}, plaintext, no credentials).
     */
    static WriteApiAppender open(Optional<String> emulatorEndpoint) throws IOException {
        BigQueryWriteSettings.Builder settings = BigQueryWriteSettings.newBuilder();
        emulatorEndpoint.ifPresent(endpoint -> settings.setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                        .setEndpoint(endpoint)
                        .setChannelConfigurator(channel -> channel.usePlaintext())
                        .build()));
        return new WriteApiAppender(BigQueryWriteClient.create(settings.build()));
    }

    @Override
    public void append(BigQueryTableRef table, List<Map<String, Object>> rows) throws WarehouseException {
        String what = "appending " + rows.size() + " rows to " + table + " (Storage Write API)";
        String stream = TableName.of(table.project(), table.dataset(), table.table()) + "/streams/_default";
        try (JsonStreamWriter writer =
                JsonStreamWriter.newBuilder(stream, client).build()) {
            List<ApiFuture<AppendRowsResponse>> pending = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += ROWS_PER_REQUEST) {
                pending.add(writer.append(json(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_REQUEST)))));
            }
            for (ApiFuture<AppendRowsResponse> response : pending) {
                response.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(what + " was interrupted", true, e);
        } catch (ExecutionException e) {
            throw AppendErrors.toWarehouseException(what, e.getCause());
        } catch (Exception e) {
            throw AppendErrors.toWarehouseException(what, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static JSONArray json(List<Map<String, Object>> rows) {
        JSONArray array = new JSONArray();
        for (Map<String, Object> row : rows) {
            JSONObject object = new JSONObject();
            row.forEach((column, value) -> {
                if (value != null) {
                    object.put(column, value);
                }
            });
            array.put(object);
        }
        return array;
    }
}
