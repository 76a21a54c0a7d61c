package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoints' requests and the reading of CoinGecko-shaped answers. */
class CoinGeckoClientTest {

    static final String PLATFORMS = """
            [{"id":"polygon-pos","chain_identifier":137,"name":"Polygon POS","shortname":"MATIC",
              "native_coin_id":"matic-network","image":{"thumb":null,"small":null,"large":null}},
             {"id":"avalanche","chain_identifier":43114,"name":"Avalanche","shortname":"AVAX","native_coin_id":"avalanche-2"},
             {"id":"solana","chain_identifier":null,"name":"Solana","shortname":"","native_coin_id":"solana"},
             {"id":"nameless-chain","chain_identifier":4242,"name":"Nameless","shortname":"","native_coin_id":""}]
            """;

    static final String USDC_CONTRACT = """
            {"id":"usd-coin","symbol":"usdc","name":"USDC","web_slug":"usdc","asset_platform_id":"ethereum",
             "platforms":{"ethereum":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
                          "polygon-pos":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"},
             "detail_platforms":{"ethereum":{"decimal_place":6,"contract_address":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"},
                                 "polygon-pos":{"decimal_place":6,"contract_address":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"}},
             "market_data":{"current_price":{"usd":0.999913}}}
            """;

    @RegisterExtension
    final MockCoinGecko coinGecko = new MockCoinGecko();

    private final CoinGeckoClient client = coinGecko.client(CoinGeckoPlan.DEMO);

    @Test
    void marketChartRangeReadsPricesMarketCapsAndVolumesExactly() throws Exception {
        coinGecko.enqueueJson("""
                {"prices":[[1712966400000,0.61362034116782490123456789],[1713052800000,1.2345e-7],
                           [1713139200000,0.99987],[1713182712000,null]],
                 "market_caps":[[1712966400000,9876543.2100000000000000001],[1713052800000,null],
                                [1713139200000,3.2E10]],
                 "total_volumes":[[1712966400000,123456.78],[1713139200000,0]]}
                """);

        Optional<MarketChart> chart = client.marketChartRange(
                "sunflower-land", Instant.parse("2024-01-11T01:00:00Z"), Instant.parse("2024-04-15T01:00:00Z"));

        assertThat(chart).isPresent();
        assertThat(chart.get().prices())
                .extracting(PricePoint::at)
                .containsExactly(
                        Instant.parse("2024-04-13T00:00:00Z"),
                        Instant.parse("2024-04-14T00:00:00Z"),
                        Instant.parse("2024-04-15T00:00:00Z"));
        assertThat(chart.get().prices())
                .extracting(point -> point.usd().toPlainString())
                .containsExactly("0.61362034116782490123456789", "0.00000012345", "0.99987");
        assertThat(chart.get().marketCaps())
                .containsExactly(
                        new PricePoint(
                                Instant.parse("2024-04-13T00:00:00Z"), new BigDecimal("9876543.2100000000000000001")),
                        new PricePoint(Instant.parse("2024-04-15T00:00:00Z"), new BigDecimal("3.2E10")));
        assertThat(chart.get().totalVolumes())
                .extracting(point -> point.usd().toPlainString())
                .containsExactly("123456.78", "0");
        RecordedRequest request = coinGecko.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/coins/sunflower-land/market_chart/range");
        assertThat(request.getUrl().queryParameter("vs_currency")).isEqualTo("usd");
        assertThat(request.getUrl().queryParameter("from")).isEqualTo("1704934800");
        assertThat(request.getUrl().queryParameter("to")).isEqualTo("1713142800");
        assertThat(request.getHeaders().get("x-cg-demo-api-key")).isEqualTo(MockCoinGecko.KEY);
    }

    @Test
    void aMarketChartWithoutMarketDataHasOnlyPrices() throws Exception {
        coinGecko.enqueueJson("{\"prices\":[[1712966400000,0.5]]}");

        Optional<MarketChart> chart = client.marketChartRange("x", Instant.EPOCH, Instant.EPOCH);

        assertThat(chart)
                .contains(new MarketChart(
                        List.of(new PricePoint(Instant.parse("2024-04-13T00:00:00Z"), new BigDecimal("0.5"))),
                        List.of(),
                        List.of()));
    }

    @Test
    void aMalformedMarketCapEntryIsAnUnexpectedAnswer() {
        coinGecko.enqueueJson("{\"prices\":[[1712966400000,0.5]],\"market_caps\":[\"9876543.21\"]}");

        assertThatThrownBy(() -> client.marketChartRange("x", Instant.EPOCH, Instant.EPOCH))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("a \"market_caps\" entry is not [milliseconds, value]");
    }

    @Test
    void pricesWithAnAbsurdExponentAreLeftOutNotExpanded() throws Exception {
        coinGecko.enqueueJson("""
                {"prices":[[1712966400000,1E+999999999],[1713052800000,1e-999999999],[1713139200000,2.5e-9]]}
                """);

        Optional<MarketChart> chart = client.marketChartRange(
                "junk-coin", Instant.parse("2024-04-12T01:00:00Z"), Instant.parse("2024-04-15T01:00:00Z"));

        assertThat(chart).isPresent();
        assertThat(chart.get().prices())
                .extracting(point -> point.usd().toPlainString())
                .containsExactly("0.0000000025");
    }

    @Test
    void aHistorySnapshotWithAnAbsurdExponentHasNoPoint() throws Exception {
        coinGecko.enqueueJson("""
                {"id":"junk-coin","market_data":{"current_price":{"usd":1E+999999999}}}
                """);

        assertThat(client.history("junk-coin", LocalDate.parse("2024-04-15")))
                .contains(new MarketChart(List.of(), List.of(), List.of()));
    }

    @Test
    void theProPlanSendsItsOwnKeyHeader() throws Exception {
        try (CoinGeckoClient pro = coinGecko.client(CoinGeckoPlan.PRO)) {
            coinGecko.enqueueJson("{\"prices\":[]}");

            assertThat(pro.marketChartRange("usd-coin", Instant.EPOCH, Instant.EPOCH))
                    .contains(new MarketChart(List.of(), List.of(), List.of()));

            RecordedRequest request = coinGecko.take();
            assertThat(request.getHeaders().get("x-cg-pro-api-key")).isEqualTo(MockCoinGecko.KEY);
            assertThat(request.getHeaders().get("x-cg-demo-api-key")).isNull();
        }
    }

    @Test
    void anUnknownCoinIsEmptyNotAnError() throws Exception {
        coinGecko.enqueue(404, "{\"error\":\"coin not found\"}");
        coinGecko.enqueue(404, "{\"error\":\"coin not found\"}");

        assertThat(client.marketChartRange("no-such-coin", Instant.EPOCH, Instant.EPOCH))
                .isEmpty();
        assertThat(client.history("no-such-coin", LocalDate.parse("2024-04-14")))
                .isEmpty();
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void historyIsTheMidnightSnapshot() throws Exception {
        coinGecko.enqueueJson("""
                {"id":"usd-coin","symbol":"usdc","name":"USDC","localization":{"en":"USDC"},
                 "image":{"thumb":"https://assets.coingecko.com/coins/images/6319/thumb/usdc.png"},
                 "market_data":{"current_price":{"eur":0.9391,"usd":1.0001234567890123456789},
                                "market_cap":{"usd":3.2E10},"total_volume":{"usd":5.1E9}},
                 "community_data":{"twitter_followers":null},"public_interest_stats":{"alexa_rank":null}}
                """);

        Optional<MarketChart> chart = client.history("usd-coin", LocalDate.parse("2024-04-14"));

        Instant midnight = Instant.parse("2024-04-14T00:00:00Z");
        assertThat(chart)
                .contains(new MarketChart(
                        List.of(new PricePoint(midnight, new BigDecimal("1.0001234567890123456789"))),
                        List.of(new PricePoint(midnight, new BigDecimal("3.2E10"))),
                        List.of(new PricePoint(midnight, new BigDecimal("5.1E9")))));
        RecordedRequest request = coinGecko.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/coins/usd-coin/history");
        assertThat(request.getUrl().queryParameter("date")).isEqualTo("14-04-2024");
        assertThat(request.getUrl().queryParameter("localization")).isEqualTo("false");
    }

    @Test
    void historyWithoutMarketDataHasNoPoint() throws Exception {
        coinGecko.enqueueJson("""
                {"id":"sunflower-land","symbol":"sfl","name":"Sunflower Land",
                 "image":{"thumb":"https://assets.coingecko.com/coins/images/25514/thumb/sfl.png"}}
                """);

        assertThat(client.history("sunflower-land", LocalDate.parse("2021-01-01")))
                .contains(new MarketChart(List.of(), List.of(), List.of()));
    }

    @Test
    void assetPlatformsKeepThoseWithAChainId() throws Exception {
        coinGecko.enqueueJson(PLATFORMS);

        assertThat(client.assetPlatforms())
                .containsExactly(
                        new AssetPlatform("polygon-pos", 137, "matic-network"),
                        new AssetPlatform("avalanche", 43114, "avalanche-2"),
                        new AssetPlatform("nameless-chain", 4242, null));
        assertThat(coinGecko.take().getUrl().encodedPath()).isEqualTo("/api/v3/asset_platforms");
    }

    @Test
    void coinByContractGivesIdSymbolNameAndThePlatformsDecimals() throws Exception {
        coinGecko.enqueueJson(USDC_CONTRACT);

        assertThat(client.coinByContract("polygon-pos", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359"))
                .contains(new ContractCoin("usd-coin", "usdc", "USDC", OptionalInt.of(6)));
        assertThat(coinGecko.take().getUrl().encodedPath())
                .isEqualTo("/api/v3/coins/polygon-pos/contract/0x3c499c542cef5e3811e1192ce70d8cc03d5c3359");
    }

    @Test
    void anUnknownContractIsEmpty() throws Exception {
        coinGecko.enqueue(404, "{\"error\":\"coin not found\"}");

        assertThat(client.coinByContract("polygon-pos", "0x22d5f9b75c524fec1d6619787e582644cd4d7422"))
                .isEmpty();
    }
}
