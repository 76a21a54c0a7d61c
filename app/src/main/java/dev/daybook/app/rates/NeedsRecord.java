package dev.daybook.app.rates;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.schemas.JsonSerde;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Topic;
import dev.daybook.schemas.TopicCatalogue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A record of the compacted {@code rates-needs} topic, the rates service's memory besides {@code tokens}
 * and {@code rates}: what transactions need, and what CoinGecko could not give. The JSON value says its
 * {@code kind}; the key is {@link #key()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NeedsRecord.Need.class, name = "need"),
    @JsonSubTypes.Type(value = NeedsRecord.UnknownCurrency.class, name = "unknown_currency"),
    @JsonSubTypes.Type(value = NeedsRecord.NoRate.class, name = "no_rate")
})
sealed interface NeedsRecord {

    /** The {@code rates-needs} topic of {@code topics}, its values read and written as these records. */
    static Topic<String, NeedsRecord> topic(TopicCatalogue topics) {
        return topics.ratesNeeds().withValueSerde(JsonSerde.of(NeedsRecord.class));
    }

    /** The record's key in the {@code rates-needs} topic. */
    String key();

    /** What CoinGecko said it cannot give, and when; trusted for the recheck interval, then asked again. */
    sealed interface Verdict extends NeedsRecord {

        String reason();

        Instant reportedAt();
    }

    /**
     * Transactions in a currency on a UTC day exist, so the currency's rate of that day is needed. Key
     * {@code need:<chain_id>:<address>:<YYYY-MM-DD>}.
     *
     * @param symbol the transactions' label for the currency, to name a native currency CoinGecko gives no symbol for
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Need(long chainId, String address, LocalDate day, String symbol) implements NeedsRecord {

        public Need {
            address = new Currency(chainId, address).address();
            Objects.requireNonNull(day, "day");
        }

        Currency currency() {
            return new Currency(chainId, address);
        }

        @Override
        public String key() {
            return "need:" + Keys.token(chainId, address) + ":" + day;
        }
    }

    /**
     * CoinGecko cannot name the coin of a currency. Key {@code unknown-currency:<chain_id>:<address>}.
     *
     * @param reportedAt when it said so
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UnknownCurrency(long chainId, String address, String symbol, String reason, Instant reportedAt)
            implements Verdict {

        public UnknownCurrency {
            address = new Currency(chainId, address).address();
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(reportedAt, "reportedAt");
        }

        static String keyOf(Currency currency) {
            return "unknown-currency:" + currency.tokenKey();
        }

        @Override
        public String key() {
            return keyOf(new Currency(chainId, address));
        }
    }

    /**
     * CoinGecko has no USD price of a coin on a day. Key {@code no-rate:<coin_id>:<YYYY-MM-DD>}.
     *
     * @param reportedAt when it said so
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NoRate(String coinId, LocalDate day, String reason, Instant reportedAt) implements Verdict {

        public NoRate {
            Objects.requireNonNull(coinId, "coinId");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(reportedAt, "reportedAt");
        }

        CoinDay coinDay() {
            return new CoinDay(coinId, day);
        }

        static String keyOf(CoinDay pair) {
            return "no-rate:" + Keys.rate(pair.coinId(), pair.day());
        }

        @Override
        public String key() {
            return keyOf(coinDay());
        }
    }
}
