package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Token;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves a currency (chain id, address) to its CoinGecko coin and decimals: the chain to a platform
 * through {@code /asset_platforms} (fetched once and kept), a token contract through
 * {@code /coins/{platform}/contract/{address}}, and the native currency (address 0x000…0) to the
 * platform's {@code native_coin_id} with 18 decimals, as every EVM chain's native currency has.
 */
public final class CoinGeckoTokens {

    public static final String NATIVE_ADDRESS = "0x0000000000000000000000000000000000000000";
    public static final int NATIVE_DECIMALS = 18;
    private static final int MAX_DECIMALS = 77;

    private final CoinGeckoClient client;
    private Map<Long, AssetPlatform> platformsByChain;

    public CoinGeckoTokens(CoinGeckoClient client) {
        this.client = client;
    }

    public TokenResolution resolve(long chainId, String address) throws CoinGeckoException, InterruptedException {
        AssetPlatform platform = platforms().get(chainId);
        if (platform == null) {
            return new TokenResolution.Unknown("CoinGecko has no asset platform for chain " + chainId);
        }
        String contract = address.strip().toLowerCase(Locale.ROOT);
        if (contract.equals(NATIVE_ADDRESS)) {
            return platform.nativeCoinId() == null
                    ? new TokenResolution.Unknown("CoinGecko names no native coin for " + platform.id())
                    : new TokenResolution.Known(new Token(null, NATIVE_DECIMALS, platform.nativeCoinId()));
        }
        Optional<ContractCoin> coin = client.coinByContract(platform.id(), contract);
        if (coin.isEmpty()) {
            return new TokenResolution.Unknown("CoinGecko does not know contract " + contract + " on " + platform.id());
        }
        OptionalInt decimals = coin.get().decimals();
        if (decimals.isEmpty() || decimals.getAsInt() < 0 || decimals.getAsInt() > MAX_DECIMALS) {
            return new TokenResolution.Unknown("CoinGecko knows contract " + contract + " on " + platform.id() + " as '"
                    + coin.get().coinId() + "' but not its decimals");
        }
        String symbol = coin.get().symbol() == null ? null : coin.get().symbol().toUpperCase(Locale.ROOT);
        return new TokenResolution.Known(new Token(
                symbol, decimals.getAsInt(), coin.get().coinId(), coin.get().name()));
    }

    private synchronized Map<Long, AssetPlatform> platforms() throws CoinGeckoException, InterruptedException {
        if (platformsByChain == null) {
            Map<Long, AssetPlatform> byChain = new HashMap<>();
            for (AssetPlatform platform : client.assetPlatforms()) {
                byChain.putIfAbsent(platform.chainId(), platform);
            }
            platformsByChain = byChain;
        }
        return platformsByChain;
    }
}
