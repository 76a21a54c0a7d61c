package dev.daybook.connectors.rates.coingecko;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** One CoinGecko call that prices some days of one coin; made by {@link CoinGeckoRates#fetch}. */
public sealed interface RateRequest {

    String coinId();

    /** The days this call prices, ascending. */
    List<LocalDate> days();

    /** The {@code source} of the rates this call yields. */
    String source();

    /**
     * {@code /coins/{id}/market_chart/range} over {@code [from, to]}, a window wider than 90 days so that
     * CoinGecko answers with its daily 00:00 UTC points.
     */
    record Range(String coinId, Instant from, Instant to, List<LocalDate> days) implements RateRequest {

        public static final String SOURCE = "coingecko:market_chart/range";

        public Range {
            Objects.requireNonNull(coinId, "coinId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            days = List.copyOf(days);
        }

        @Override
        public String source() {
            return SOURCE;
        }
    }

    /** {@code /coins/{id}/history} for one day: the snapshot at 00:00 UTC of that day. */
    record Day(String coinId, LocalDate day) implements RateRequest {

        public static final String SOURCE = "coingecko:history";

        public Day {
            Objects.requireNonNull(coinId, "coinId");
            Objects.requireNonNull(day, "day");
        }

        @Override
        public List<LocalDate> days() {
            return List.of(day);
        }

        @Override
        public String source() {
            return SOURCE;
        }
    }
}
