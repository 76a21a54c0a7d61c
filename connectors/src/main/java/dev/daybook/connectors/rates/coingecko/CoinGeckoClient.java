package dev.daybook.connectors.rates.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daybook.connectors.retry.Sleeper;
import dev.daybook.schemas.Rate;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five CoinGecko endpoints Daybook uses, answered as records. Thread-safe; all calls share one rate
 * limit. Every method may throw {@link CoinGeckoException} (see {@link CoinGeckoAccessException} for a
 * refused key or plan) and {@link InterruptedException} while it waits.
 */
public final class CoinGeckoClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoinGeckoClient.class);
    static final int MAX_USD_INTEGER_DIGITS = 30;
    static final int MAX_USD_SCALE = 60;
    private static final DateTimeFormatter HISTORY_DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    private final CoinGeckoConfig config;
    private final CoinGeckoHttp http;
    private final Clock clock;
    private final CoinGeckoMetrics metrics;

    CoinGeckoClient(
            CoinGeckoConfig config, Clock clock, Sleeper sleeper, DoubleSupplier random, CoinGeckoMetrics metrics) {
        this.config = config;
        this.http = new CoinGeckoHttp(config, clock, sleeper, random, metrics);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A client on the system clock, its meters in {@code registry}. */
    public static CoinGeckoClient create(CoinGeckoConfig config, MeterRegistry registry) {
        if (config.apiKey() == null) {
            log.warn("No COINGECKO_API_KEY: using CoinGecko's keyless public API, whose limits are lower");
        }
        return new CoinGeckoClient(
                config,
                Clock.systemUTC(),
                Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble(),
                new CoinGeckoMetrics(registry));
    }

    /**
     * {@code /coins/{id}/market_chart/range}: the coin's USD prices, market caps and 24-hour volumes between
     * {@code from} and {@code to} (5-minutely up to one day, hourly up to 90 days, daily at 00:00 UTC beyond);
     * empty when CoinGecko does not know the coin.
     */
    public Optional<MarketChart> marketChartRange(String coinId, Instant from, Instant to)
            throws CoinGeckoException, InterruptedException {
        HttpUrl url = http.url()
                .addPathSegment("coins")
                .addPathSegment(coinId)
                .addPathSegment("market_chart")
                .addPathSegment("range")
                .addQueryParameter("vs_currency", "usd")
                .addQueryParameter("from", Long.toString(from.getEpochSecond()))
                .addQueryParameter("to", Long.toString(to.getEpochSecond()))
                .build();
        Optional<JsonNode> answer = http.get("market_chart_range", url);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        if (!answer.get().path("prices").isArray()) {
            throw unexpected(url, "no \"prices\" array");
        }
        return Optional.of(new MarketChart(
                series(answer.get(), "prices", coinId, url),
                series(answer.get(), "market_caps", coinId, url),
                series(answer.get(), "total_volumes", coinId, url)));
    }

    /**
     * The usable points of one {@code [[milliseconds, usd], …]} series of a market chart; none when the
     * answer lacks the series. A value that is not a USD figure is left out and logged.
     */
    private static List<PricePoint> series(JsonNode answer, String field, String coinId, HttpUrl url)
            throws CoinGeckoException {
        JsonNode entries = answer.path(field);
        List<PricePoint> points = new ArrayList<>(entries.size());
        for (JsonNode pair : entries) {
            JsonNode millis = pair.path(0);
            JsonNode usd = pair.path(1);
            if (!pair.isArray() || !millis.canConvertToExactIntegral()) {
                throw unexpected(url, "a \"" + field + "\" entry is not [milliseconds, value]: " + pair);
            }
            if (isUsd(usd)) {
                points.add(new PricePoint(Instant.ofEpochMilli(millis.asLong()), usd.decimalValue()));
            } else {
                log.warn("CoinGecko gave {} no usable {} at {}: {}", coinId, field, millis.asLong(), usd);
            }
        }
        return points;
    }

    /**
     * {@code /coins/{id}/history}: the coin's snapshot at 00:00 UTC of {@code day}, its price, market cap and
     * volume each at most one point (no price when the snapshot has no {@code market_data}); empty when
     * CoinGecko does not know the coin.
     */
    public Optional<MarketChart> history(String coinId, LocalDate day) throws CoinGeckoException, InterruptedException {
        HttpUrl url = http.url()
                .addPathSegment("coins")
                .addPathSegment(coinId)
                .addPathSegment("history")
                .addQueryParameter("date", HISTORY_DATE.format(day))
                .addQueryParameter("localization", "false")
                .build();
        Optional<JsonNode> answer = http.get("history", url);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode marketData = answer.get().path("market_data");
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return Optional.of(new MarketChart(
                snapshot(marketData.path("current_price"), midnight),
                snapshot(marketData.path("market_cap"), midnight),
                snapshot(marketData.path("total_volume"), midnight)));
    }

    private static List<PricePoint> snapshot(JsonNode byCurrency, Instant at) {
        JsonNode usd = byCurrency.path("usd");
        return isUsd(usd) ? List.of(new PricePoint(at, usd.decimalValue())) : List.of();
    }

    /**
     * {@code /coins/markets}: page {@code page} (from 1) of the coins by market cap, descending, {@code perPage}
     * a page, each entry's current USD price, market cap and 24-hour volume as a rate from {@code source}. An
     * entry without a coin id or a usable price is counted, not read; a missing or unusable market cap or
     * volume is absent from the rate.
     */
    MarketsPage coinsMarkets(int page, int perPage, String source) throws CoinGeckoException, InterruptedException {
        HttpUrl url = http.url()
                .addPathSegment("coins")
                .addPathSegment("markets")
                .addQueryParameter("vs_currency", "usd")
                .addQueryParameter("order", "market_cap_desc")
                .addQueryParameter("per_page", Integer.toString(perPage))
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("precision", "full")
                .build();
        JsonNode answer = http.get("markets", url).orElseThrow(() -> unexpected(url, "404"));
        if (!answer.isArray()) {
            throw unexpected(url, "not a JSON array");
        }
        Map<String, Rate> figures = new LinkedHashMap<>();
        int malformed = 0;
        for (JsonNode coin : answer) {
            JsonNode id = coin.path("id");
            JsonNode usd = coin.path("current_price");
            if (!id.isTextual() || id.asText().isBlank() || !isUsd(usd)) {
                malformed++;
                continue;
            }
            figures.putIfAbsent(
                    id.asText(),
                    new Rate(
                            usd.decimalValue(),
                            usdOrNull(coin.path("market_cap")),
                            usdOrNull(coin.path("total_volume")),
                            source));
        }
        return new MarketsPage(figures, malformed);
    }

    private static BigDecimal usdOrNull(JsonNode value) {
        return isUsd(value) ? value.decimalValue() : null;
    }

    /** {@code /asset_platforms}: the platforms that have a chain id. */
    public List<AssetPlatform> assetPlatforms() throws CoinGeckoException, InterruptedException {
        HttpUrl url = http.url().addPathSegment("asset_platforms").build();
        JsonNode answer = http.get("asset_platforms", url).orElseThrow(() -> unexpected(url, "404"));
        if (!answer.isArray()) {
            throw unexpected(url, "not a JSON array");
        }
        List<AssetPlatform> platforms = new ArrayList<>();
        for (JsonNode platform : answer) {
            JsonNode chain = platform.path("chain_identifier");
            JsonNode nativeCoin = platform.path("native_coin_id");
            if (platform.path("id").isTextual() && chain.canConvertToExactIntegral()) {
                platforms.add(new AssetPlatform(
                        platform.path("id").asText(),
                        chain.asLong(),
                        nativeCoin.isTextual() && !nativeCoin.asText().isBlank() ? nativeCoin.asText() : null));
            }
        }
        return platforms;
    }

    /**
     * {@code /coins/{platform}/contract/{address}}: the coin behind a token contract; empty when
     * CoinGecko does not know the contract.
     */
    public Optional<ContractCoin> coinByContract(String platformId, String address)
            throws CoinGeckoException, InterruptedException {
        HttpUrl url = http.url()
                .addPathSegment("coins")
                .addPathSegment(platformId)
                .addPathSegment("contract")
                .addPathSegment(address)
                .build();
        Optional<JsonNode> answer = http.get("contract", url);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode coin = answer.get();
        if (!coin.path("id").isTextual()) {
            throw unexpected(url, "no coin \"id\"");
        }
        JsonNode decimals = coin.path("detail_platforms").path(platformId).path("decimal_place");
        return Optional.of(new ContractCoin(
                coin.path("id").asText(),
                coin.path("symbol").isTextual() ? coin.path("symbol").asText() : null,
                coin.path("name").isTextual() ? coin.path("name").asText() : null,
                decimals.canConvertToInt() && decimals.isIntegralNumber()
                        ? OptionalInt.of(decimals.asInt())
                        : OptionalInt.empty()));
    }

    CoinGeckoConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    CoinGeckoMetrics metrics() {
        return metrics;
    }

    /**
     * A non-negative number of at most {@link #MAX_USD_INTEGER_DIGITS} integer and {@link #MAX_USD_SCALE}
     * fractional digits. JSON allows exponents, which CoinGecko uses for tiny prices ({@code 1.2345e-7}); a
     * value such as {@code 1E+999999999} is read cheaply but would be a billion digits when written out.
     */
    static boolean isUsd(JsonNode usd) {
        if (!usd.isNumber()) {
            return false;
        }
        BigDecimal value = usd.decimalValue();
        long integerDigits = (long) value.precision() - value.scale();
        return value.signum() >= 0 && integerDigits <= MAX_USD_INTEGER_DIGITS && value.scale() <= MAX_USD_SCALE;
    }

    private static CoinGeckoException unexpected(HttpUrl url, String what) {
        return new CoinGeckoException("CoinGecko answered GET " + url.encodedPath() + " unexpectedly: " + what, false);
    }

    @Override
    public void close() {
        http.close();
    }
}
