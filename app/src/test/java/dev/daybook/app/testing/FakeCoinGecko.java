package dev.daybook.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daybook.connectors.rates.coingecko.CoinGeckoConfig;
import dev.daybook.connectors.rates.coingecko.CoinGeckoPlan;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A CoinGecko stand-in on 127.0.0.1 that answers its four endpoints from tables, the way CoinGecko does:
 *
 * <ul>
 *   <li>{@code /asset_platforms}: polygon-pos (137, native matic-network), avalanche (43114, avalanche-2),
 *       ethereum (1, ethereum), plus {@link #platform added ones};</li>
 *   <li>{@code /coins/{platform}/contract/{address}}: the {@link #contract contracts} with their coin, symbol
 *       and decimals; 404 {@code {"error":"coin not found"}} for others;</li>
 *   <li>{@code /coins/{id}/market_chart/range}: the coin's {@link #price prices} stamped 00:00 UTC within
 *       {@code [from, to]}; {@code /coins/{id}/history}: the day's price, or no {@code market_data} when the
 *       table has none; 404 coin not found for a coin no table names;</li>
 *   <li>{@code /coins/markets}: the {@link #market market coins} in the order added, paged by {@code per_page}
 *       and {@code page}, or the raw answer set with {@link #marketsAnswer}.</li>
 * </ul>
 *
 * Every request is recorded ({@link #takeRequests()}). Use {@link #baseUrl()} for {@code --coingecko-base-url},
 * or {@link #config()} in-process. {@link #refuse} makes it answer every later call with an error, e.g. a
 * refused key.
 *
 * <pre>{@code
 * try (FakeCoinGecko coinGecko = new FakeCoinGecko()) {
 *     coinGecko.tokens(TokensCsv.read(...)).rates(RatesCsv.read(...));
 *     // run daybook with --coingecko-base-url coinGecko.baseUrl()
 *     assertThat(coinGecko.takeRequests()).containsExactly("/coins/usd-coin/history?date=15-04-2024&localization=false", ...);
 * }
 * }</pre>
 */
public final class FakeCoinGecko implements AutoCloseable {

    public static final String API_KEY = "CG-fake-key";
    /** Well below any wait the tests would notice, far above CoinGecko's. */
    public static final int CALLS_PER_MINUTE = 60_000;

    private static final String ROOT = "/api/v3";
    private static final DateTimeFormatter HISTORY_DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MockWebServer server = new MockWebServer();
    private final Map<Long, Platform> platforms = new ConcurrentHashMap<>();
    private final Map<String, Contract> contracts = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> prices = new ConcurrentHashMap<>();
    private final Set<String> coins = ConcurrentHashMap.newKeySet();
    private final List<ObjectNode> markets = new CopyOnWriteArrayList<>();
    private volatile MockResponse marketsAnswer;
    private volatile MockResponse refusal;

    public FakeCoinGecko() {
        platform("polygon-pos", 137, "matic-network");
        platform("avalanche", 43114, "avalanche-2");
        platform("ethereum", 1, "ethereum");
        server.setDispatcher(new Answers());
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake CoinGecko", e);
        }
    }

    /** The API root, {@code http://127.0.0.1:PORT/api/v3}. */
    public HttpUrl baseUrl() {
        return server.url(ROOT);
    }

    /** A pro-plan configuration (all history) with a test key, pointed at this server, with a high call limit. */
    public CoinGeckoConfig config() {
        return config(CoinGeckoPlan.PRO);
    }

    public CoinGeckoConfig config(CoinGeckoPlan plan) {
        return CoinGeckoConfig.of(plan, API_KEY).withBaseUrl(baseUrl()).withCallsPerMinute(CALLS_PER_MINUTE);
    }

    public FakeCoinGecko platform(String id, long chainId, String nativeCoinId) {
        platforms.put(chainId, new Platform(id, chainId, nativeCoinId));
        coins.add(nativeCoinId);
        return this;
    }

    /** A token contract CoinGecko knows on {@code platform}. */
    public FakeCoinGecko contract(String platform, String address, String coinId, String symbol, int decimals) {
        contracts.put(platform + "/" + address.toLowerCase(Locale.ROOT), new Contract(coinId, symbol, decimals));
        coins.add(coinId);
        return this;
    }

    /** The coin's price at 00:00 UTC of {@code day}. */
    public FakeCoinGecko price(String coinId, LocalDate day, String usd) {
        prices.computeIfAbsent(coinId, coin -> new TreeMap<>()).put(day, new BigDecimal(usd));
        coins.add(coinId);
        return this;
    }

    /** A coin CoinGecko knows, with no prices unless some are added. */
    public FakeCoinGecko coin(String coinId) {
        coins.add(coinId);
        return this;
    }

    /** The currencies of a tokens file: contracts on their chain's platform (native ones need no entry). */
    public FakeCoinGecko tokens(List<TokenRow> rows) {
        for (TokenRow row : rows) {
            Platform platform = platforms.get(row.chainId());
            if (platform == null) {
                throw new IllegalArgumentException("no platform for chain " + row.chainId());
            }
            if (row.address().equals("0x0000000000000000000000000000000000000000")) {
                if (!row.token().coinId().equals(platform.nativeCoinId())) {
                    throw new IllegalArgumentException(
                            "the native coin of " + platform.id() + " is " + platform.nativeCoinId());
                }
            } else {
                contract(
                        platform.id(),
                        row.address(),
                        row.token().coinId(),
                        row.token().symbol(),
                        row.token().decimals());
            }
        }
        return this;
    }

    /** The next coin of {@code /coins/markets} by market cap, with its current figures (a null one is JSON null). */
    public FakeCoinGecko market(String coinId, String usd, String marketCap, String volume) {
        ObjectNode coin = JSON.objectNode().put("id", coinId).put("symbol", coinId.substring(0, 3));
        coin.set("current_price", usd == null ? JSON.nullNode() : JSON.numberNode(new BigDecimal(usd)));
        coin.set("market_cap", marketCap == null ? JSON.nullNode() : JSON.numberNode(new BigDecimal(marketCap)));
        coin.set("total_volume", volume == null ? JSON.nullNode() : JSON.numberNode(new BigDecimal(volume)));
        markets.add(coin);
        return this;
    }

    /** Answers {@code /coins/markets} with {@code body} (status 200) from now on; null: from the market coins again. */
    public FakeCoinGecko marketsAnswer(String body) {
        marketsAnswer = body == null ? null : json(200, body);
        return this;
    }

    /** The prices of a rates file. */
    public FakeCoinGecko rates(List<RateRow> rows) {
        rows.forEach(row -> price(row.coinId(), row.date(), row.rate().usd().toPlainString()));
        return this;
    }

    /** Answers every later request with {@code status} and {@code body}, e.g. 401 and CoinGecko's error 10011. */
    public FakeCoinGecko refuse(int status, String body) {
        refusal = json(status, body);
        return this;
    }

    /** Answers normally again after {@link #refuse}. */
    public FakeCoinGecko stopRefusing() {
        refusal = null;
        return this;
    }

    /** The requests received since the last call, as path and query relative to the API root, in order. */
    public List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        try {
            for (RecordedRequest request; (request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
                HttpUrl url = request.getUrl();
                String path = url.encodedPath().substring(ROOT.length());
                taken.add(url.encodedQuery() == null ? path : path + "?" + url.encodedQuery());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    /** How many requests arrived since the server started. */
    public int requestCount() {
        return server.getRequestCount();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Answers extends Dispatcher {

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (refusal != null) {
                return refusal;
            }
            HttpUrl url = request.getUrl();
            List<String> path = url.pathSegments();
            if (path.size() < 3 || !path.get(0).equals("api") || !path.get(1).equals("v3")) {
                return incorrectPath();
            }
            List<String> endpoint = path.subList(2, path.size());
            if (endpoint.equals(List.of("asset_platforms"))) {
                return assetPlatforms();
            }
            if (endpoint.equals(List.of("coins", "markets"))) {
                return markets(
                        Integer.parseInt(url.queryParameter("per_page")), Integer.parseInt(url.queryParameter("page")));
            }
            if (endpoint.size() == 4
                    && endpoint.get(0).equals("coins")
                    && endpoint.get(2).equals("contract")) {
                return contract(endpoint.get(1), endpoint.get(3));
            }
            if (endpoint.size() == 4
                    && endpoint.get(0).equals("coins")
                    && endpoint.get(2).equals("market_chart")
                    && endpoint.get(3).equals("range")) {
                return range(
                        endpoint.get(1),
                        Long.parseLong(url.queryParameter("from")),
                        Long.parseLong(url.queryParameter("to")));
            }
            if (endpoint.size() == 3
                    && endpoint.get(0).equals("coins")
                    && endpoint.get(2).equals("history")) {
                return history(endpoint.get(1), LocalDate.parse(url.queryParameter("date"), HISTORY_DATE));
            }
            return incorrectPath();
        }

        private MockResponse markets(int perPage, int page) {
            if (marketsAnswer != null) {
                return marketsAnswer;
            }
            ArrayNode answer = JSON.arrayNode();
            markets.stream().skip((long) perPage * (page - 1)).limit(perPage).forEach(answer::add);
            return json(200, answer.toString());
        }

        private MockResponse assetPlatforms() {
            ArrayNode answer = JSON.arrayNode();
            platforms
                    .values()
                    .forEach(platform -> answer.addObject()
                            .put("id", platform.id())
                            .put("chain_identifier", platform.chainId())
                            .put("name", platform.id())
                            .put("native_coin_id", platform.nativeCoinId()));
            return json(200, write(answer));
        }

        private MockResponse contract(String platform, String address) {
            Contract contract = contracts.get(platform + "/" + address);
            if (contract == null) {
                return coinNotFound();
            }
            ObjectNode answer = JSON.objectNode()
                    .put("id", contract.coinId())
                    .put(
                            "symbol",
                            contract.symbol() == null ? "" : contract.symbol().toLowerCase(Locale.ROOT));
            answer.putObject("detail_platforms")
                    .putObject(platform)
                    .put("decimal_place", contract.decimals())
                    .put("contract_address", address);
            return json(200, write(answer));
        }

        private MockResponse range(String coinId, long fromSeconds, long toSeconds) {
            if (!coins.contains(coinId)) {
                return coinNotFound();
            }
            ObjectNode answer = JSON.objectNode();
            ArrayNode points = answer.putArray("prices");
            prices.getOrDefault(coinId, new TreeMap<>()).forEach((day, usd) -> {
                long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
                if (midnight >= fromSeconds && midnight <= toSeconds) {
                    points.addArray().add(midnight * 1000).add(usd);
                }
            });
            answer.putArray("market_caps");
            answer.putArray("total_volumes");
            return json(200, write(answer));
        }

        private MockResponse history(String coinId, LocalDate day) {
            if (!coins.contains(coinId)) {
                return coinNotFound();
            }
            ObjectNode answer = JSON.objectNode().put("id", coinId);
            BigDecimal usd = prices.getOrDefault(coinId, new TreeMap<>()).get(day);
            if (usd != null) {
                answer.putObject("market_data").putObject("current_price").put("usd", usd);
            }
            return json(200, write(answer));
        }
    }

    private static String write(JsonNode answer) {
        try {
            return Json.MAPPER.writeValueAsString(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse coinNotFound() {
        return json(404, "{\"error\":\"coin not found\"}");
    }

    private static MockResponse incorrectPath() {
        return json(404, "{\"error\":\"Incorrect path. Please check https://www.coingecko.com/api/documentation\"}");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private record Platform(String id, long chainId, String nativeCoinId) {}

    private record Contract(String coinId, String symbol, int decimals) {}
}
