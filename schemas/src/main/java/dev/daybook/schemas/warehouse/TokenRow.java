package dev.daybook.schemas.warehouse;

import dev.daybook.schemas.Token;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code tokens}, the asset dimension: a currency by (chain_id, address), made from a record of the
 * {@code tokens} topic. {@code name} is null where the token's source gives none.
 */
public record TokenRow(long chainId, String address, String symbol, int decimals, String coinId, String name) {

    public TokenRow {
        Objects.requireNonNull(address, "address");
        address = address.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(coinId, "coin_id");
    }

    /**
     * The row of a record of the tokens topic.
     *
     * @param key {@code chain_id:address} (see {@code Keys.token})
     * @throws IllegalArgumentException when the key is not of that form
     */
    public static TokenRow of(String key, Token token) {
        int colon = key.indexOf(':');
        long chainId;
        try {
            chainId = colon <= 0 ? -1 : Long.parseLong(key.substring(0, colon));
        } catch (NumberFormatException e) {
            chainId = -1;
        }
        if (chainId < 0 || colon == key.length() - 1) {
            throw new IllegalArgumentException("tokens key '" + key + "' is not chain_id:address");
        }
        return new TokenRow(
                chainId, key.substring(colon + 1), token.symbol(), token.decimals(), token.coinId(), token.name());
    }
}
