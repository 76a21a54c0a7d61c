package dev.daybook.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the test proxies share: sends a request that a loopback {@code HttpServer} received on to the real
 * server behind it, and answers the exchange with what that server said, end-to-end headers and body included.
 */
public final class HttpForwarder {

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;

    /** @param target e.g. {@code http://127.0.0.1:9050} */
    public HttpForwarder(URI target) {
        this.target = target;
    }

    /** Sends the received request, with {@code body} (already read from the exchange), to the target. */
    public HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (isEndToEnd(name)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Answers the exchange with the target's {@code response}. */
    public static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (isEndToEnd(header.getKey())) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        respond(exchange, response.statusCode(), response.body());
    }

    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Whether a header is forwarded: neither hop-by-hop nor an HTTP/2 pseudo-header. */
    private static boolean isEndToEnd(String header) {
        return !HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) && !header.startsWith(":");
    }
}
