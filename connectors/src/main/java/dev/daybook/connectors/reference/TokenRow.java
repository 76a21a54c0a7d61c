package dev.daybook.connectors.reference;

import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Token;
import java.util.Locale;
import java.util.Objects;

/** One line of a tokens CSV: the currency {@code (chainId, address)} and what it is. */
public record TokenRow(long chainId, String address, Token token) {

    public TokenRow {
        Objects.requireNonNull(token, "token");
        address = address.toLowerCase(Locale.ROOT);
    }

    /** Key of this token in the {@code tokens} topic. */
    public String key() {
        return Keys.token(chainId, address);
    }
}
