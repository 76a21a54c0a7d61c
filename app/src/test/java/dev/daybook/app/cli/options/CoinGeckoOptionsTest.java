package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.rates.coingecko.CoinGeckoConfig;
import dev.daybook.connectors.rates.coingecko.CoinGeckoPlan;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CoinGeckoOptionsTest {

    @Command(name = "rates")
    static final class RatesCommand {
        @Mixin
        CoinGeckoOptions coinGecko;
    }

    private static CoinGeckoOptions parse(String... args) {
        RatesCommand command = new RatesCommand();
        new CommandLine(command).parseArgs(args);
        return command.coinGecko;
    }

    @Test
    void defaultsToTheDemoPlanAtThirtyCallsAMinute() {
        CoinGeckoConfig config = parse().toConfig(Map.of("COINGECKO_API_KEY", "CG-demo"));

        assertThat(config)
                .isEqualTo(new CoinGeckoConfig(
                        CoinGeckoPlan.DEMO,
                        HttpUrl.get("https://api.coingecko.com/api/v3"),
                        "CG-demo",
                        30,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        6));
        assertThat(config.plan().keyHeader()).isEqualTo("x-cg-demo-api-key");
    }

    @Test
    void flagsOverrideEveryDefault() {
        CoinGeckoConfig config = parse(
                        "--coingecko-plan",
                        "PRO",
                        "--coingecko-base-url",
                        "http://127.0.0.1:8089/cg/",
                        "--coingecko-calls-per-minute",
                        "500",
                        "--coingecko-connect-timeout",
                        "PT2S",
                        "--coingecko-read-timeout",
                        "PT1M",
                        "--coingecko-max-attempts",
                        "2")
                .toConfig(Map.of("COINGECKO_API_KEY", "CG-pro"));

        assertThat(config)
                .isEqualTo(new CoinGeckoConfig(
                        CoinGeckoPlan.PRO,
                        HttpUrl.get("http://127.0.0.1:8089/cg/"),
                        "CG-pro",
                        500,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(1),
                        2));
    }

    @Test
    void theProPlanHasItsOwnUrlAndHeader() {
        CoinGeckoConfig config = parse("--coingecko-plan", "pro").toConfig(Map.of("COINGECKO_API_KEY", "CG-pro"));

        assertThat(config.baseUrl()).isEqualTo(HttpUrl.get("https://pro-api.coingecko.com/api/v3"));
        assertThat(config.plan().keyHeader()).isEqualTo("x-cg-pro-api-key");
    }

    @Test
    void theKeyComesFromCoinGeckoApiKeyThenTheDaybookVariable() {
        CoinGeckoOptions options = parse();

        assertThat(options.toConfig(Map.of("COINGECKO_API_KEY", "first", "DAYBOOK_COINGECKO_API_KEY", "second"))
                        .apiKey())
                .isEqualTo("first");
        assertThat(options.toConfig(Map.of("COINGECKO_API_KEY", " ", "DAYBOOK_COINGECKO_API_KEY", "second"))
                        .apiKey())
                .isEqualTo("second");
        assertThat(options.toConfig(Map.of()).apiKey()).isNull();
    }

    @Test
    void theProPlanWithoutAKeyIsRefusedUpFront() {
        assertThatThrownBy(() -> parse("--coingecko-plan", "pro").toConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the CoinGecko pro plan needs an API key: set COINGECKO_API_KEY, or use --coingecko-plan demo");
    }

    @Test
    void badValuesAreRefusedWithTheirFix() {
        assertThatThrownBy(() -> parse("--coingecko-plan", "free"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown CoinGecko plan 'free': use demo or pro");
        assertThatThrownBy(
                        () -> parse("--coingecko-base-url", "api.coingecko.com").toConfig(Map.of()))
                .hasMessage("--coingecko-base-url is not an http(s) URL: api.coingecko.com");
        assertThatThrownBy(() -> parse("--coingecko-calls-per-minute", "0").toConfig(Map.of()))
                .hasMessage("CoinGecko calls per minute must be at least 1: 0");
    }

    @Test
    void theKeyNeverShowsInTheConfigsText() {
        CoinGeckoConfig config = parse().toConfig(Map.of("COINGECKO_API_KEY", "CG-s3cr3t"));

        assertThat(config.toString())
                .doesNotContain("CG-s3cr3t")
                .isEqualTo("CoinGeckoConfig[plan=demo, "
                        + "baseUrl=https://api.coingecko.com/api/v3, apiKey=****, callsPerMinute=30, connectTimeout=PT10S, "
                        + "readTimeout=PT30S, maxAttempts=6]");
    }
}
