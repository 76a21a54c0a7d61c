package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Planning and fetching (coin, day) prices end to end against a mock CoinGecko, on 2024-04-15 at noon UTC. */
class CoinGeckoRatesTest {

    private static final String SFL_DAILY = """
            {"prices":[[1712707200000,0.0581],[1712793600000,0.0592],[1712880000000,0.06136203411678249],
                       [1713182712000,0.0611]],
             "market_caps":[[1712707200000,2411023.5]],"total_volumes":[[1712707200000,88012.1]]}
            """;

    @RegisterExtension
    final MockCoinGecko coinGecko = new MockCoinGecko();

    private final CoinGeckoClient client = coinGecko.client(CoinGeckoPlan.DEMO);
    private final CoinGeckoRates rates = new CoinGeckoRates(client);

    private static CoinDay pair(String coin, String day) {
        return new CoinDay(coin, LocalDate.parse(day));
    }

    @Test
    void pricesWhatIsNeededInOneCallPerCoin() throws Exception {
        List<CoinDay> needed = List.of(
                pair("sunflower-land", "2024-04-10"),
                pair("sunflower-land", "2024-04-11"),
                pair("sunflower-land", "2024-04-12"),
                pair("sunflower-land", "2024-04-13"),
                pair("sunflower-land", "2024-04-14"),
                pair("usd-coin", "2024-04-14"),
                pair("no-such-coin", "2024-04-12"),
                pair("no-such-coin", "2024-04-13"));

        RatePlan plan = rates.plan(needed);

        assertThat(plan.calls()).isEqualTo(3);
        assertThat(coinGecko.gauge("daybook.coingecko.pending")).isEqualTo(8);

        coinGecko.enqueue(404, "{\"error\":\"coin not found\"}");
        coinGecko.enqueueJson(SFL_DAILY);
        coinGecko.enqueueJson("""
                {"id":"usd-coin","market_data":{"current_price":{"usd":0.999913},
                 "market_cap":{"usd":33744930915.123},"total_volume":{"usd":5108465117}}}
                """);
        RateBatch unknown = rates.fetch(plan.requests().get(0));
        RateBatch sunflower = rates.fetch(plan.requests().get(1));
        RateBatch usdc = rates.fetch(plan.requests().get(2));

        assertThat(unknown.rates()).isEmpty();
        assertThat(unknown.unavailable())
                .isEqualTo(Map.of(
                        pair("no-such-coin", "2024-04-12"), "CoinGecko does not know coin 'no-such-coin'",
                        pair("no-such-coin", "2024-04-13"), "CoinGecko does not know coin 'no-such-coin'"));
        assertThat(sunflower.rates())
                .isEqualTo(Map.of(
                        pair("sunflower-land", "2024-04-10"),
                        new Rate(
                                new BigDecimal("0.0581"),
                                new BigDecimal("2411023.5"),
                                new BigDecimal("88012.1"),
                                "coingecko:market_chart/range"),
                        pair("sunflower-land", "2024-04-11"),
                        new Rate(new BigDecimal("0.0592"), "coingecko:market_chart/range"),
                        pair("sunflower-land", "2024-04-12"),
                        new Rate(new BigDecimal("0.06136203411678249"), "coingecko:market_chart/range")));
        assertThat(sunflower.unavailable())
                .isEqualTo(Map.of(
                        pair("sunflower-land", "2024-04-13"),
                        "CoinGecko has no USD price of 'sunflower-land' at 00:00 UTC of 2024-04-13"));
        // The second call, a second after the first (60 calls a minute): ask again an hour after it.
        assertThat(sunflower.deferred())
                .isEqualTo(Map.of(pair("sunflower-land", "2024-04-14"), Instant.parse("2024-04-15T13:00:01Z")));
        assertThat(usdc.rates())
                .isEqualTo(Map.of(
                        pair("usd-coin", "2024-04-14"),
                        new Rate(
                                new BigDecimal("0.999913"),
                                new BigDecimal("33744930915.123"),
                                new BigDecimal("5108465117"),
                                "coingecko:history")));

        assertThat(coinGecko.take().getUrl().encodedPath()).isEqualTo("/api/v3/coins/no-such-coin/market_chart/range");
        HttpUrl sunflowerRange = coinGecko.take().getUrl();
        assertThat(sunflowerRange.queryParameter("from")).isEqualTo("1705107600"); // 2024-01-13T01:00Z
        assertThat(sunflowerRange.queryParameter("to")).isEqualTo("1713056400"); // 2024-04-14T01:00Z
        assertThat(coinGecko.take().getUrl().queryParameter("date")).isEqualTo("14-04-2024");
        assertThat(coinGecko.count("daybook.coingecko.rates.fetched")).isEqualTo(4);
        assertThat(coinGecko.gauge("daybook.coingecko.pending")).isEqualTo(1);
    }

    @Test
    void aSnapshotWithoutMarketDataIsUnavailableWhenOldAndDeferredWhenRecent() throws Exception {
        String noMarketData = "{\"id\":\"sunflower-land\",\"symbol\":\"sfl\",\"name\":\"Sunflower Land\"}";
        coinGecko.enqueueJson(noMarketData);
        coinGecko.enqueueJson(noMarketData);

        RateBatch old = rates.fetch(new RateRequest.Day("sunflower-land", LocalDate.parse("2024-03-01")));
        RateBatch today = rates.fetch(new RateRequest.Day("sunflower-land", LocalDate.parse("2024-04-15")));

        assertThat(old.unavailable())
                .isEqualTo(Map.of(
                        pair("sunflower-land", "2024-03-01"),
                        "CoinGecko has no USD price of 'sunflower-land' at 00:00 UTC of 2024-03-01"));
        assertThat(old.deferred()).isEmpty();
        assertThat(today.unavailable()).isEmpty();
        assertThat(today.deferred())
                .isEqualTo(Map.of(pair("sunflower-land", "2024-04-15"), Instant.parse("2024-04-15T13:00:01Z")));
    }

    @Test
    void aRetriedBatchIsTheSameBatch() throws Exception {
        RateRequest request = new RateRequest.Day("usd-coin", LocalDate.parse("2024-04-14"));
        coinGecko.enqueue(503, "");
        coinGecko.enqueueJson("{\"market_data\":{\"current_price\":{\"usd\":1.0002}}}");

        RateBatch batch = rates.fetch(request);

        assertThat(batch.rates()).containsOnlyKeys(pair("usd-coin", "2024-04-14"));
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(2);
        assertThat(coinGecko.count("daybook.coingecko.calls", "endpoint", "history"))
                .isEqualTo(2);
    }
}
