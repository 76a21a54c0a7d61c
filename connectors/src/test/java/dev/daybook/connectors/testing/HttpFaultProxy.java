package dev.daybook.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP server in front of a real one (an emulator) that forwards every request, except that
 * it answers the next requests matching a pattern with faults a test programmed: how a test makes a
 * real client meet 503s, rate limits or bad requests without mocking the client. It answers whole
 * requests; to drop or reset connections, use {@link TcpFaultProxy}.
 */
public final class HttpFaultProxy implements AutoCloseable {

    /** An HTTP answer given instead of the real server's. */
    public record Fault(int status, String contentType, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpForwarder forwarder;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile Predicate<String> faulted = request -> false;

    private HttpFaultProxy(URI target) throws IOException {
        this.forwarder = new HttpForwarder(target);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @param target e.g. {@code http://127.0.0.1:9050} */
    public static HttpFaultProxy start(String target) throws IOException {
        return new HttpFaultProxy(URI.create(target));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The next {@code count} requests whose {@code "METHOD /path?query"} matches get {@code fault}
     * instead of being forwarded; this replaces faults still pending and restarts {@link #injected()}.
     */
    public void failNext(int count, Predicate<String> request, Fault fault) {
        faults.clear();
        injected.set(0);
        faulted = request;
        for (int i = 0; i < count; i++) {
            faults.add(fault);
        }
    }

    /** Faults answered since the last {@link #failNext}. */
    public int injected() {
        return injected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = faulted.test(request) ? faults.poll() : null;
            if (fault != null) {
                injected.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", fault.contentType());
                HttpForwarder.respond(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        try {
            HttpForwarder.relay(exchange, forwarder.send(exchange, body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
