package dev.daybook.connectors.rates.coingecko;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The coin behind a token contract ({@code /coins/{platform}/contract/{address}}).
 *
 * @param symbol   CoinGecko's symbol, e.g. {@code usdc}; {@code null} when it has none
 * @param name     CoinGecko's name of the coin, e.g. {@code USDC}; {@code null} when it has none
 * @param decimals the contract's decimals on the platform asked about, when CoinGecko knows them
 */
public record ContractCoin(String coinId, String symbol, String name, OptionalInt decimals) {

    public ContractCoin {
        Objects.requireNonNull(coinId, "coinId");
        Objects.requireNonNull(decimals, "decimals");
    }
}
