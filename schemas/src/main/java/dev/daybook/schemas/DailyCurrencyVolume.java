package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code daily_currency_volume}: a project's transactions in one currency on one UTC day and their USD
 * value. Value of the compacted {@code daily-currency-volume} topic, keyed by {@link #key()}. The rows of a
 * (date, project) add up exactly to its {@link DailyVolume}: counts, unpriced counts and USD.
 *
 * @param volumeUsd            exact; zero while the currency's token or the day's rate is unknown
 * @param unpricedTransactions transactions counted in numTransactions whose token or rate is not yet known
 * @param version              grows with every change of this key, so a writer can refuse an older row
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DailyCurrencyVolume(
        LocalDate date,
        String projectId,
        long chainId,
        String currencyAddress,
        long numTransactions,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal volumeUsd,
        long unpricedTransactions,
        long version) {

    public DailyCurrencyVolume {
        Objects.requireNonNull(date, "date");
        Transaction.requireText(projectId, "project_id");
        Transaction.requireText(currencyAddress, "currency_address");
        currencyAddress = currencyAddress.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(volumeUsd, "volume_usd");
    }

    public String key() {
        return Keys.dailyCurrencyVolume(date, projectId, chainId, currencyAddress);
    }
}
