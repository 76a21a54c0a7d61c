package dev.daybook.app.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.daybook.connectors.testing.HttpForwarder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP proxy in front of an emulator that forwards every request, but holds the
 * {@code n}-th one whose body contains a marker (e.g. the n-th MERGE) until {@link #releaseAndAwaitForwarded(Duration)}: the
 * request has left the client and not been answered, the moment a test kills the client. Released, it is
 * forwarded to the emulator after all, as a real server would finish a job its client no longer waits for.
 * {@link dev.daybook.connectors.testing.HttpFaultProxy} answers instead of forwarding and sees no bodies.
 */
final class HoldingProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpForwarder forwarder;
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
        this.forwarder = new HttpForwarder(URI.create(target));
        this.marker = marker;
        this.held = held;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
            HttpResponse<byte[]> response = forwarder.send(exchange, body);
            if (hold) {
                forwarded.countDown();
            }
            HttpForwarder.relay(exchange, response);
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

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
