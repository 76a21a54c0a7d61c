package dev.daybook.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.app.topology.DailyVolumeQuery;
import dev.daybook.app.topology.StateUnavailableException;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance for the rows of some of its partitions: the same API request, marked with
 * {@value DaybookHttpServer#PARTITIONS_HEADER} so that the other instance answers from its own state only
 * and never forwards it again.
 */
final class PeerClient {

    private final HttpClient http;
    private final Duration timeout;

    PeerClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    /** Completes with the peer's answer, or exceptionally with a {@link StateUnavailableException} saying why not. */
    <R extends ApiRow> CompletableFuture<Answer<R>> fetch(
            Endpoint<R> endpoint, HostInfo peer, DailyVolumeQuery query, Set<Integer> partitions, Page page) {
        HttpRequest request = HttpRequest.newBuilder(uri(endpoint, peer, query, page))
                .timeout(timeout)
                .header(
                        DaybookHttpServer.PARTITIONS_HEADER,
                        partitions.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .GET()
                .build();
        String name = peer.host() + ":" + peer.port();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                throw new PeerFailure(new StateUnavailableException(
                        "instance " + name + " did not answer (" + cause + "); retry", cause));
            }
            return answer(endpoint, name, response);
        });
    }

    private static <R extends ApiRow> Answer<R> answer(
            Endpoint<R> endpoint, String name, HttpResponse<byte[]> response) {
        try {
            if (response.statusCode() != 200) {
                throw new PeerFailure(new StateUnavailableException("instance " + name + " answered "
                        + response.statusCode() + " (" + error(response.body()) + ")"));
            }
            List<R> rows = Json.MAPPER.readValue(response.body(), endpoint.rowsType());
            return new Answer<>(
                    rows, response.headers().firstValue("Last-Modified").map(HttpDates::parse));
        } catch (IOException e) {
            throw new PeerFailure(new StateUnavailableException(
                    "instance " + name + " sent an unreadable answer: " + e.getMessage(), e));
        }
    }

    private static String error(byte[] body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).get("error");
            return error == null ? "no error message" : error.asText();
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static URI uri(Endpoint<?> endpoint, HostInfo peer, DailyVolumeQuery query, Page page) {
        return URI.create("http://" + peer.host() + ":" + peer.port() + endpoint.path() + "?"
                + ApiParams.queryParameters(query, page));
    }

    /** Carries the reason through the future; unwrapped by {@link StoreService}. */
    static final class PeerFailure extends RuntimeException {

        PeerFailure(StateUnavailableException cause) {
            super(cause.getMessage(), cause);
        }

        StateUnavailableException reason() {
            return (StateUnavailableException) getCause();
        }
    }
}
