package dev.daybook.connectors.rates.coingecko;

import dev.daybook.schemas.Token;
import java.util.Objects;

/** What CoinGecko says about a currency (chain id, address). */
public sealed interface TokenResolution {

    /** The currency's coin and decimals, to publish to the tokens topic. */
    record Known(Token token) implements TokenResolution {
        public Known {
            Objects.requireNonNull(token, "token");
        }
    }

    /** CoinGecko cannot price the currency; report it once and do not ask again. */
    record Unknown(String reason) implements TokenResolution {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
