package dev.daybook.connectors.rates.coingecko;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.connectors.retry.Backoff;
import dev.daybook.connectors.retry.Sleeper;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoinGecko's HTTP conversation: the key header, the client-side rate limit, waiting out 429s
 * (Retry-After, else exponential backoff with jitter), retrying 5xx and timeouts, and turning refusals
 * into {@link CoinGeckoException}s. The key appears in no log line and no exception message.
 */
final class CoinGeckoHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoinGeckoHttp.class);
    private static final String REDACTED = "****";

    private final CoinGeckoConfig config;
    private final OkHttpClient http;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CoinGeckoMetrics metrics;

    CoinGeckoHttp(
            CoinGeckoConfig config, Clock clock, Sleeper sleeper, DoubleSupplier random, CoinGeckoMetrics metrics) {
        this.config = config;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .build();
        this.limiter = new RateLimiter(config.callsPerMinute(), clock, sleeper);
        this.backoff = new Backoff(config.retryPolicy(), random);
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
    }

    /** The API root, to append an endpoint's path and query to. */
    HttpUrl.Builder url() {
        return config.baseUrl().newBuilder();
    }

    /**
     * GETs {@code url}: the JSON of a 200 answer, or empty when CoinGecko answers 404 that it does not
     * know what was asked for (a coin, a contract).
     *
     * @param endpoint the endpoint's name, for metrics
     */
    Optional<JsonNode> get(String endpoint, HttpUrl url) throws CoinGeckoException, InterruptedException {
        Request.Builder request = new Request.Builder().url(url).get();
        if (config.apiKey() != null) {
            request.header(config.plan().keyHeader(), config.apiKey());
        }
        String call = "GET " + url.encodedPath();
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            metrics.call(endpoint);
            log.debug("CoinGecko {} (attempt {})", call, attempt);
            Duration wait;
            String failure;
            try (Response response = http.newCall(request.build()).execute()) {
                int status = response.code();
                String body = redact(response.body().string());
                if (status == 200) {
                    return Optional.of(parse(call, body));
                }
                if (status == 404 && CoinGeckoErrors.isNotFound(body)) {
                    return Optional.empty();
                }
                failure = "HTTP " + status;
                if (status == 429) {
                    metrics.throttled();
                    wait = retryAfterOrBackoff(response.header("Retry-After"), attempt);
                } else if (status >= 500 || status == 408) {
                    wait = backoff.delayAfter(attempt);
                } else {
                    throw CoinGeckoErrors.toException(call, status, body);
                }
            } catch (IOException e) {
                if (isInterruption(e)) {
                    throw new InterruptedException("interrupted during CoinGecko " + call);
                }
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                wait = backoff.delayAfter(attempt);
            }
            if (attempt >= config.maxAttempts()) {
                throw new CoinGeckoException(
                        "CoinGecko did not answer " + call + " after " + attempt + " attempts (last: " + failure + ")",
                        true);
            }
            log.warn(
                    "CoinGecko {} failed ({}); attempt {} of {} in {} ms",
                    call,
                    failure,
                    attempt + 1,
                    config.maxAttempts(),
                    wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    /** OkHttp reports a thread interrupt as an I/O error; a timeout is one too, but only it is retried. */
    private static boolean isInterruption(IOException e) {
        return Thread.interrupted() || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException));
    }

    private Duration retryAfterOrBackoff(String retryAfter, int attempt) {
        return RetryAfter.parse(retryAfter, clock.instant()).orElseGet(() -> backoff.delayAfter(attempt));
    }

    private static JsonNode parse(String call, String body) throws CoinGeckoException {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CoinGeckoException(
                    "CoinGecko answered " + call + " with unreadable JSON: " + e.getOriginalMessage(), false);
        }
    }

    /** Keeps the key out of messages even if an answer quotes it back. */
    private String redact(String text) {
        return config.apiKey() == null ? text : text.replace(config.apiKey(), REDACTED);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
