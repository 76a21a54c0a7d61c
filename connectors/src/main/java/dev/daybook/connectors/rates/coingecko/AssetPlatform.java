package dev.daybook.connectors.rates.coingecko;

import java.util.Objects;

/**
 * A chain as CoinGecko knows it ({@code /asset_platforms}).
 *
 * @param id           CoinGecko's platform id, e.g. {@code polygon-pos}
 * @param chainId      the chain's id, e.g. 137
 * @param nativeCoinId the coin id of the chain's native currency, e.g. {@code matic-network}; {@code null}
 *                     when CoinGecko names none
 */
public record AssetPlatform(String id, long chainId, String nativeCoinId) {

    public AssetPlatform {
        Objects.requireNonNull(id, "id");
    }
}
