package dev.daybook.app.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP proxy in front of an emulator that forwards every request, but holds the
 * {@code n}-th one whose body contains a marker (e.g. the n-th MERGE) until {@link #release()}: the
 * request has left the client and not been answered, the moment a test kills the client. Released, it is
 * forwarded to the emulator after all, as a real server would finish a job its client no longer waits for.
 * {@link dev.daybook.connectors.testing.HttpFaultProxy} answers instead of forwarding and sees no bodies.
 */
final class HoldingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final String marker;
    private final int held;
    private final AtomicInteger seen = new AtomicInteger();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch forwarded = new CountDownLatch(1);

    /**
     * @param marker text in the (decompressed) body of the requests counted
     * @param held   which of them, from 1, is held
     */
    HoldingProxy(String target, String marker, int held) throws IOException {
        this.target = URI.create(target);
        this.marker = marker;
        this.held = held;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests with the marker seen so far. */
    int seen() {
        return seen.get();
    }

    /** Waits until the held request has arrived. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held request go on to the emulator and waits until the emulator has answered it. */
    boolean releaseAndAwaitForwarded(Duration timeout) throws InterruptedException {
        released.countDown();
        return forwarded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean hold = text(exchange, body).contains(marker) && seen.incrementAndGet() == held;
            if (hold) {
                arrived.countDown();
                released.await();
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (hold) {
                forwarded.countDown();
            }
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (isEndToEnd(header.getKey())) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            respond(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client of a held request is dead by now: nobody reads the answer
        }
    }

    private static String text(HttpExchange exchange, byte[] body) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (isEndToEnd(name)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean isEndToEnd(String header) {
        return !HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) && !header.startsWith(":");
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
