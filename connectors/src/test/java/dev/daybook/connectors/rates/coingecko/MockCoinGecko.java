package dev.daybook.connectors.rates.coingecko;

import dev.daybook.connectors.testing.FakeTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer standing in for CoinGecko, with clients wired to it on fake time from {@link #NOW}.
 * A test holds it in a {@code @RegisterExtension} field: it starts with the test instance and, after
 * the test, closes every client it made and itself. The limit is 60 calls a minute (one a second),
 * never more than the shortest backoff, so limiter waits show only between separate calls; the jitter
 * is fixed at one half.
 */
final class MockCoinGecko implements AfterEachCallback {

    static final Instant NOW = Instant.parse("2024-04-15T12:00:00Z");
    static final String KEY = "CG-t3st-k3y-9f8e7d";
    static final double JITTER = 0.5;

    final MockWebServer server = new MockWebServer();
    final FakeTime time = new FakeTime(NOW);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CoinGeckoMetrics metrics = new CoinGeckoMetrics(registry);
    private final List<CoinGeckoClient> clients = new ArrayList<>();

    MockCoinGecko() {
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the mock CoinGecko", e);
        }
    }

    CoinGeckoConfig config(CoinGeckoPlan plan) {
        return CoinGeckoConfig.of(plan, KEY).withBaseUrl(server.url("/api/v3")).withCallsPerMinute(60);
    }

    CoinGeckoClient client(CoinGeckoPlan plan) {
        return client(plan, UnaryOperator.identity());
    }

    CoinGeckoClient client(CoinGeckoPlan plan, UnaryOperator<CoinGeckoConfig> tweak) {
        CoinGeckoClient client = new CoinGeckoClient(tweak.apply(config(plan)), time, time, () -> JITTER, metrics);
        clients.add(client);
        return client;
    }

    void enqueue(int code, String body, String... headerLines) {
        MockResponse.Builder response = new MockResponse.Builder().code(code).body(body);
        for (String header : headerLines) {
            response.addHeader(header);
        }
        server.enqueue(response.build());
    }

    void enqueueJson(String body) {
        enqueue(200, body, "Content-Type: application/json");
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request reached the mock CoinGecko");
        }
        return request;
    }

    double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(CoinGeckoClient::close);
        server.close();
    }
}
