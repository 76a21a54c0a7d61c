package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Politeness (rate limit, 429s, retries) and refusals, against a mock CoinGecko on fake time. */
class CoinGeckoHttpTest {

    private static final String THROTTLED_JSON = """
            {"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit. Please visit \
            https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits."}}""";
    private static final String THROTTLED_HTML = """
            <html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1>\
            </center><hr><center>cloudflare</center></body></html>""";
    private static final String BAD_GATEWAY_HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    @RegisterExtension
    final MockCoinGecko coinGecko = new MockCoinGecko();

    private final CoinGeckoClient client = coinGecko.client(CoinGeckoPlan.DEMO);

    @Test
    void separateCallsAreSpacedByTheLimit() throws Exception {
        try (CoinGeckoClient thirtyPerMinute = coinGecko.client(CoinGeckoPlan.DEMO, c -> c.withCallsPerMinute(30))) {
            for (int call = 0; call < 3; call++) {
                coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);
                thirtyPerMinute.assetPlatforms();
            }
        }

        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(coinGecko.count("daybook.coingecko.calls", "endpoint", "asset_platforms"))
                .isEqualTo(3);
    }

    @Test
    void a429WithRetryAfterWaitsExactlyThat() throws Exception {
        coinGecko.enqueue(429, THROTTLED_JSON, "Retry-After: 7", "Content-Type: application/json");
        coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);

        assertThat(client.assetPlatforms()).hasSize(3);

        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(2);
        assertThat(coinGecko.count("daybook.coingecko.throttled")).isEqualTo(1);
        assertThat(coinGecko.count("daybook.coingecko.calls", "endpoint", "asset_platforms"))
                .isEqualTo(2);
    }

    @Test
    void a429WithAnHttpDateWaitsUntilThen() throws Exception {
        coinGecko.enqueue(429, THROTTLED_JSON, "Retry-After: Mon, 15 Apr 2024 12:00:30 GMT");
        coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);

        client.assetPlatforms();

        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void html429sWithoutRetryAfterBackOffExponentially() throws Exception {
        coinGecko.enqueue(429, THROTTLED_HTML, "Content-Type: text/html");
        coinGecko.enqueue(429, THROTTLED_HTML, "Content-Type: text/html");
        coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);

        client.assetPlatforms();

        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofMillis(1_500), Duration.ofMillis(3_000));
        assertThat(coinGecko.count("daybook.coingecko.throttled")).isEqualTo(2);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        coinGecko.enqueue(500, "{\"error\":\"Internal Server Error\"}");
        coinGecko.enqueue(502, BAD_GATEWAY_HTML);
        coinGecko.enqueue(503, "");
        coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);

        assertThat(client.assetPlatforms()).hasSize(3);

        assertThat(coinGecko.time.sleeps())
                .containsExactly(Duration.ofMillis(1_500), Duration.ofMillis(3_000), Duration.ofMillis(6_000));
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        try (CoinGeckoClient impatient =
                coinGecko.client(CoinGeckoPlan.DEMO, c -> c.withReadTimeout(Duration.ofMillis(200)))) {
            coinGecko.server.enqueue(new MockResponse.Builder()
                    .code(200)
                    .body(CoinGeckoClientTest.PLATFORMS)
                    .headersDelay(1, TimeUnit.SECONDS)
                    .build());
            coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);

            assertThat(impatient.assetPlatforms()).hasSize(3);
        }

        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofMillis(1_500));
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheLastAttemptWithATransientFailure() {
        try (CoinGeckoClient threeAttempts = coinGecko.client(CoinGeckoPlan.DEMO, c -> c.withMaxAttempts(3))) {
            for (int attempt = 0; attempt < 3; attempt++) {
                coinGecko.enqueue(429, THROTTLED_HTML);
            }

            CoinGeckoException failure = catchThrowableOfType(CoinGeckoException.class, threeAttempts::assetPlatforms);

            assertThat(failure.getMessage())
                    .isEqualTo(
                            "CoinGecko did not answer GET /api/v3/asset_platforms after 3 attempts (last: HTTP 429)");
            assertThat(failure.transientFailure()).isTrue();
        }
        assertThat(coinGecko.time.sleeps()).containsExactly(Duration.ofMillis(1_500), Duration.ofMillis(3_000));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10002 | API Key Missing | CoinGecko needs an API key (10002): set COINGECKO_API_KEY to your demo or pro key
            10005 | You may not have access to this endpoint. e.g. 'This request is limited Pro API subscribers'. | CoinGecko's plan for this key lacks this endpoint (10005): use a paid key with --coingecko-plan pro
            10010 | If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com | CoinGecko rejected the API key (10010): a pro key needs --coingecko-plan pro; otherwise set COINGECKO_API_KEY to a valid demo key
            10011 | If you are using Demo API key, please change your root URL from pro-api.coingecko.com to api.coingecko.com | CoinGecko rejected the API key (10011): a demo key needs --coingecko-plan demo; otherwise set COINGECKO_API_KEY to a valid pro key
            """)
    void keyAndPlanRefusalsSayWhatToFixAndAreNotRetried(int code, String coinGeckoMessage, String expected) {
        coinGecko.enqueue(
                401, "{\"status\":{\"error_code\":" + code + ",\"error_message\":\"" + coinGeckoMessage + "\"}}");

        CoinGeckoAccessException refusal = catchThrowableOfType(
                CoinGeckoAccessException.class, () -> client.history("usd-coin", LocalDate.parse("2024-04-14")));

        assertThat(refusal.getMessage()).isEqualTo(expected);
        assertThat(refusal.errorCode()).isEqualTo(OptionalInt.of(code));
        assertThat(refusal.transientFailure()).isFalse();
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(1);
        assertThat(coinGecko.time.sleeps()).isEmpty();
    }

    @Test
    void aRangeBeyondTheDemoHistoryIsRefusedInTheWrappedShape() {
        coinGecko.enqueue(401, """
                {"error":{"status":{"timestamp":"2024-04-15T12:00:00.000+00:00","error_code":10012,
                 "error_message":"Your request exceeds the allowed time range. Public API users are limited to \
                querying historical data within the past 365 days."}}}""");

        CoinGeckoAccessException refusal = catchThrowableOfType(
                CoinGeckoAccessException.class,
                () -> client.marketChartRange("usd-coin", Instant.EPOCH, Instant.parse("2024-04-15T00:00:00Z")));

        assertThat(refusal.errorCode()).isEqualTo(OptionalInt.of(10012));
        assertThat(refusal.getMessage()).startsWith("CoinGecko refused a date beyond the plan's history (10012)");
    }

    @Test
    void anotherRefusalNamesTheCallAndWhatCoinGeckoSaid() {
        coinGecko.enqueue(403, "error code: 1020", "Content-Type: text/plain");

        assertThatThrownBy(client::assetPlatforms)
                .isInstanceOf(CoinGeckoAccessException.class)
                .hasMessage("CoinGecko refused GET /api/v3/asset_platforms (HTTP 403: error code: 1020): "
                        + "check COINGECKO_API_KEY and --coingecko-plan");
    }

    @Test
    void a404ThatIsNotCoinGeckoSayingNotFoundPointsAtTheBaseUrl() {
        coinGecko.enqueue(404, "<html><body>Not Found</body></html>", "Content-Type: text/html");
        coinGecko.enqueue(404, "{\"error\":\"Incorrect path. Please check https://www.coingecko.com/api/\"}");

        assertThatThrownBy(() -> client.history("usd-coin", LocalDate.parse("2024-04-14")))
                .isExactlyInstanceOf(CoinGeckoException.class)
                .hasMessage(
                        "CoinGecko has no GET /api/v3/coins/usd-coin/history (HTTP 404): check --coingecko-base-url");
        assertThatThrownBy(() -> client.history("usd-coin", LocalDate.parse("2024-04-14")))
                .hasMessage("CoinGecko has no GET /api/v3/coins/usd-coin/history (HTTP 404: Incorrect path. "
                        + "Please check https://www.coingecko.com/api/): check --coingecko-base-url");
    }

    @Test
    void aBadRequestIsNotRetried() {
        coinGecko.enqueue(400, "{\"error\":\"invalid vs_currency\"}");

        CoinGeckoException failure = catchThrowableOfType(
                CoinGeckoException.class, () -> client.marketChartRange("usd-coin", Instant.EPOCH, Instant.EPOCH));

        assertThat(failure.getMessage())
                .isEqualTo(
                        "CoinGecko rejected GET /api/v3/coins/usd-coin/market_chart/range (HTTP 400: invalid vs_currency)");
        assertThat(failure.transientFailure()).isFalse();
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnreadableAnswerIsAnError() {
        coinGecko.enqueue(200, "{\"prices\":[[1712966400000,0.5]");

        assertThatThrownBy(() -> client.marketChartRange("usd-coin", Instant.EPOCH, Instant.EPOCH))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageStartingWith(
                        "CoinGecko answered GET /api/v3/coins/usd-coin/market_chart/range " + "with unreadable JSON");
    }

    @Test
    void theKeyIsSentButNeverLoggedNorInAMessage() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CoinGeckoClient.class.getPackageName());
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(events);
        try {
            coinGecko.enqueue(429, THROTTLED_JSON);
            coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);
            coinGecko.enqueue(
                    401,
                    "{\"status\":{\"error_code\":401,\"error_message\":\"Invalid key " + MockCoinGecko.KEY + "\"}}");
            client.assetPlatforms();
            CoinGeckoException refusal = catchThrowableOfType(
                    CoinGeckoException.class, () -> client.history("usd-coin", LocalDate.parse("2024-04-14")));

            assertThat(refusal.getMessage())
                    .isEqualTo("CoinGecko refused GET /api/v3/coins/usd-coin/history "
                            + "(HTTP 401: Invalid key ****): check COINGECKO_API_KEY and --coingecko-plan");
            assertThat(coinGecko.take().getHeaders().get("x-cg-demo-api-key")).isEqualTo(MockCoinGecko.KEY);
            assertThat(events.list).extracting(ILoggingEvent::getLevel).contains(Level.DEBUG, Level.WARN);
            assertThat(events.list).allSatisfy(event -> {
                assertThat(event.getFormattedMessage()).doesNotContain(MockCoinGecko.KEY);
                if (event.getThrowableProxy() != null) {
                    assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                            .doesNotContain(MockCoinGecko.KEY);
                }
            });
            assertThat(coinGecko.config(CoinGeckoPlan.DEMO).toString())
                    .doesNotContain(MockCoinGecko.KEY)
                    .contains("apiKey=****");
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
    }
}
