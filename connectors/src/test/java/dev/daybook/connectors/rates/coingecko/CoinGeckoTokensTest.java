package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.Token;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CoinGeckoTokensTest {

    private static final String SFL = "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05";

    @RegisterExtension
    final MockCoinGecko coinGecko = new MockCoinGecko();

    private final CoinGeckoClient client = coinGecko.client(CoinGeckoPlan.DEMO);
    private final CoinGeckoTokens tokens = new CoinGeckoTokens(client);

    @BeforeEach
    void answerThePlatformsFirst() {
        coinGecko.enqueueJson(CoinGeckoClientTest.PLATFORMS);
    }

    @Test
    void resolvesContractsAndNativeCurrenciesFetchingThePlatformsOnce() throws Exception {
        coinGecko.enqueueJson(CoinGeckoClientTest.USDC_CONTRACT);
        coinGecko.enqueueJson("""
                {"id":"sunflower-land","symbol":"sfl","name":"Sunflower Land","asset_platform_id":"polygon-pos",
                 "detail_platforms":{"polygon-pos":{"decimal_place":18,"contract_address":"%s"}}}
                """.formatted(SFL));

        assertThat(tokens.resolve(137, "0x3C499c542cEF5E3811e1192ce70d8cC03d5c3359"))
                .isEqualTo(new TokenResolution.Known(new Token("USDC", 6, "usd-coin", "USDC")));
        assertThat(tokens.resolve(137, SFL))
                .isEqualTo(new TokenResolution.Known(new Token("SFL", 18, "sunflower-land", "Sunflower Land")));
        assertThat(tokens.resolve(137, CoinGeckoTokens.NATIVE_ADDRESS))
                .isEqualTo(new TokenResolution.Known(new Token(null, 18, "matic-network")));
        assertThat(tokens.resolve(43114, CoinGeckoTokens.NATIVE_ADDRESS))
                .isEqualTo(new TokenResolution.Known(new Token(null, 18, "avalanche-2")));

        assertThat(coinGecko.take().getUrl().encodedPath()).isEqualTo("/api/v3/asset_platforms");
        assertThat(coinGecko.take().getUrl().encodedPath())
                .isEqualTo("/api/v3/coins/polygon-pos/contract/0x3c499c542cef5e3811e1192ce70d8cc03d5c3359");
        assertThat(coinGecko.take().getUrl().encodedPath()).isEqualTo("/api/v3/coins/polygon-pos/contract/" + SFL);
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aContractCoinGeckoDoesNotKnowIsUnknown() throws Exception {
        coinGecko.enqueue(404, "{\"error\":\"coin not found\"}");

        assertThat(tokens.resolve(137, "0x22d5f9b75c524fec1d6619787e582644cd4d7422"))
                .isEqualTo(new TokenResolution.Unknown(
                        "CoinGecko does not know contract 0x22d5f9b75c524fec1d6619787e582644cd4d7422 on polygon-pos"));
    }

    @Test
    void aContractWithoutDecimalsIsUnknown() throws Exception {
        coinGecko.enqueueJson("""
                {"id":"mystery","symbol":"mys","detail_platforms":{"polygon-pos":{"decimal_place":null,
                 "contract_address":"0x00000000000000000000000000000000000000aa"}}}
                """);

        assertThat(tokens.resolve(137, "0x00000000000000000000000000000000000000aa"))
                .isEqualTo(
                        new TokenResolution.Unknown(
                                "CoinGecko knows contract "
                                        + "0x00000000000000000000000000000000000000aa on polygon-pos as 'mystery' but not its decimals"));
    }

    @Test
    void aChainWithoutPlatformOrNativeCoinIsUnknownWithoutAskingFurther() throws Exception {
        assertThat(tokens.resolve(8453, SFL))
                .isEqualTo(new TokenResolution.Unknown("CoinGecko has no asset platform for chain 8453"));
        assertThat(tokens.resolve(4242, CoinGeckoTokens.NATIVE_ADDRESS))
                .isEqualTo(new TokenResolution.Unknown("CoinGecko names no native coin for nameless-chain"));
        assertThat(coinGecko.server.getRequestCount()).isEqualTo(1);
    }
}
