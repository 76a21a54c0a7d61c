package dev.daybook.app.rates;

import dev.daybook.schemas.Keys;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/** A currency as transactions name it: a chain id and an address, compared in lower case. */
record Currency(long chainId, String address) implements Comparable<Currency> {

    private static final Comparator<Currency> ORDER =
            Comparator.comparingLong(Currency::chainId).thenComparing(Currency::address);

    Currency {
        Objects.requireNonNull(address, "address");
        address = address.toLowerCase(Locale.ROOT);
    }

    /** The currency's key in the {@code tokens} topic. */
    String tokenKey() {
        return Keys.token(chainId, address);
    }

    @Override
    public int compareTo(Currency other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return tokenKey();
    }
}
