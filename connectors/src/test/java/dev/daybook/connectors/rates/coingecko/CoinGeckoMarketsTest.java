package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.daybook.schemas.Rate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The top coins by market cap from a mock CoinGecko's {@code /coins/markets}, on 2024-04-15 at noon UTC. */
class CoinGeckoMarketsTest {

    private static final LocalDate TODAY = LocalDate.parse("2024-04-15");
    private static final String SOURCE = "coingecko:coins/markets";

    @RegisterExtension
    final MockCoinGecko coinGecko = new MockCoinGecko();

    private final CoinGeckoMarkets markets = new CoinGeckoMarkets(coinGecko.client(CoinGeckoPlan.DEMO));

    /** A page shaped like CoinGecko's, of the coins ranked {@code first} to {@code last}. */
    private static String page(int first, int last) {
        return IntStream.rangeClosed(first, last)
                .mapToObj(rank -> """
                        {"id":"coin-%d","symbol":"c%d","name":"Coin %d","image":"https://example.invalid/%d.png",
                         "current_price":%d.000000012345,"market_cap":%d000000,"market_cap_rank":%d,
                         "fully_diluted_valuation":null,"total_volume":%d.5,"high_24h":null,"low_24h":null,
                         "price_change_24h":-0.01,"circulating_supply":1.0E9,"ath":3.1,
                         "last_updated":"2024-04-15T11:58:31.736Z"}""".formatted(rank, rank, rank, rank, 1000 - rank, 1000 - rank, rank, 500 - rank))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static HttpUrl url(RecordedRequest request) {
        return request.getUrl();
    }

    @Test
    void readsTheFiguresExactlyAsTodaysRates() throws Exception {
        coinGecko.enqueueJson("""
                [{"id":"bitcoin","symbol":"btc","current_price":63512.123456789012345678,
                  "market_cap":1250123456789.5,"total_volume":28123456789.25,"market_cap_rank":1},
                 {"id":"tether","symbol":"usdt","current_price":1.0001,"market_cap":null,"total_volume":"n/a"}]
                """);

        MarketSnapshot snapshot = markets.top(2);

        assertThat(snapshot.day()).isEqualTo(TODAY);
        assertThat(snapshot.rates())
                .containsExactly(
                        entry(
                                new CoinDay("bitcoin", TODAY),
                                new Rate(
                                        new BigDecimal("63512.123456789012345678"),
                                        new BigDecimal("1250123456789.5"),
                                        new BigDecimal("28123456789.25"),
                                        SOURCE)),
                        entry(new CoinDay("tether", TODAY), new Rate(new BigDecimal("1.0001"), null, null, SOURCE)));
        HttpUrl url = url(coinGecko.take());
        assertThat(url.encodedPath()).isEqualTo("/api/v3/coins/markets");
        assertThat(url.queryParameter("vs_currency")).isEqualTo("usd");
        assertThat(url.queryParameter("order")).isEqualTo("market_cap_desc");
        assertThat(url.queryParameter("per_page")).isEqualTo("2");
        assertThat(url.queryParameter("page")).isEqualTo("1");
        assertThat(url.queryParameter("precision")).isEqualTo("full");
    }

    @Test
    void pagesThroughTwoHundredAndFiftyCoinsACallAndKeepsTheFirstN() throws Exception {
        coinGecko.enqueueJson(page(1, 250));
        coinGecko.enqueueJson(page(250, 499)); // the ranking moved: coin-250 is listed again

        MarketSnapshot snapshot = markets.top(300);

        assertThat(snapshot.calls()).isEqualTo(2);
        assertThat(snapshot.rates()).hasSize(300);
        assertThat(snapshot.rates().keySet().stream().map(CoinDay::coinId).toList())
                .startsWith("coin-1", "coin-2")
                .endsWith("coin-300")
                .doesNotHaveDuplicates();
        assertThat(snapshot.rates().get(new CoinDay("coin-250", TODAY)).usd()).isEqualByComparingTo("750.000000012345");
        List<HttpUrl> urls = List.of(url(coinGecko.take()), url(coinGecko.take()));
        assertThat(urls).extracting(u -> u.queryParameter("page")).containsExactly("1", "2");
        assertThat(urls).extracting(u -> u.queryParameter("per_page")).containsExactly("250", "250");
        assertThat(coinGecko.count("daybook.coingecko.calls", "endpoint", "markets"))
                .isEqualTo(2);
    }

    @Test
    void aShortPageIsTheEndOfTheList() throws Exception {
        coinGecko.enqueueJson(page(1, 40));

        MarketSnapshot snapshot = markets.top(500);

        assertThat(snapshot.rates()).hasSize(40);
        assertThat(snapshot.calls()).isEqualTo(1);
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void waitsOutA429WithRetryAfterAndGoesOn() throws Exception {
        coinGecko.enqueueJson(page(1, 250));
        coinGecko.enqueue(
                429,
                "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}",
                "Retry-After: 42",
                "Content-Type: application/json");
        coinGecko.enqueueJson(page(251, 260));

        MarketSnapshot snapshot = markets.top(260);

        assertThat(snapshot.rates()).hasSize(260);
        assertThat(coinGecko.time.sleeps()).contains(Duration.ofSeconds(42));
        assertThat(coinGecko.count("daybook.coingecko.throttled")).isEqualTo(1);
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void unreadableEntriesAreCountedAndLeftOut() throws Exception {
        coinGecko.enqueueJson("""
                [{"id":"bitcoin","current_price":63512.1,"market_cap":1.2E12,"total_volume":2.8E10},
                 {"symbol":"noid","current_price":1.0},
                 {"id":"","current_price":1.0},
                 {"id":"no-price","current_price":null},
                 {"id":"text-price","current_price":"1.0"},
                 {"id":"negative","current_price":-1.0},
                 {"id":"absurd","current_price":1E+999999999},
                 "not an object",
                 {"id":"ethereum","current_price":3101.5,"market_cap":1E+999999999,"total_volume":-5}]
                """);

        MarketSnapshot snapshot = markets.top(9);

        assertThat(snapshot.rates().keySet())
                .containsExactly(new CoinDay("bitcoin", TODAY), new CoinDay("ethereum", TODAY));
        assertThat(snapshot.rates().get(new CoinDay("ethereum", TODAY)))
                .isEqualTo(new Rate(new BigDecimal("3101.5"), null, null, SOURCE));
        assertThat(snapshot.malformed()).isEqualTo(7);
        assertThat(coinGecko.count("daybook.coingecko.markets.malformed")).isEqualTo(7);
    }

    @Test
    void anAnswerThatIsNotAListIsAnUnexpectedAnswerNotARetry() {
        coinGecko.enqueueJson("{\"coins\":[]}");

        assertThatThrownBy(() -> markets.top(10))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessage("CoinGecko answered GET /api/v3/coins/markets unexpectedly: not a JSON array")
                .satisfies(e ->
                        assertThat(((CoinGeckoException) e).transientFailure()).isFalse());
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void unreadableJsonIsAnUnexpectedAnswer() {
        coinGecko.enqueueJson("[{\"id\":\"bitcoin\",");

        assertThatThrownBy(() -> markets.top(10))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("with unreadable JSON");
    }

    @Test
    void aRefusedKeyIsAnAccessFailure() {
        coinGecko.enqueue(
                401,
                "{\"status\":{\"error_code\":10010,\"error_message\":\"Invalid API Key\"}}",
                "Content-Type: application/json");

        assertThatThrownBy(() -> markets.top(10))
                .isInstanceOf(CoinGeckoAccessException.class)
                .hasMessageStartingWith("CoinGecko rejected the API key (10010)")
                .hasMessageNotContaining(MockCoinGecko.KEY);
    }
}
