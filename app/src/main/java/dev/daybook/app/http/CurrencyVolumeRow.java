package dev.daybook.app.http;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.daybook.app.topology.StoredCurrencyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of {@code GET /api/currency-volume}: a project's transactions of one currency on one day, priced; the
 * volume is an exact decimal string, {@code coin_id} null while the currency's token is unknown.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "date",
    "project_id",
    "chain_id",
    "currency_address",
    "coin_id",
    "num_transactions",
    "total_volume_usd",
    "unpriced_transactions"
})
public record CurrencyVolumeRow(
        LocalDate date,
        String projectId,
        long chainId,
        String currencyAddress,
        String coinId,
        long numTransactions,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalVolumeUsd,
        long unpricedTransactions)
        implements ApiRow {

    /** By date, project id, chain id (as text) and currency address. */
    @Override
    public List<String> cursor() {
        return List.of(date.toString(), projectId, Long.toString(chainId), currencyAddress);
    }

    static CurrencyVolumeRow of(StoredCurrencyVolume stored) {
        return new CurrencyVolumeRow(
                stored.date(),
                stored.projectId(),
                stored.chainId(),
                stored.currencyAddress(),
                stored.coinId(),
                stored.numTransactions(),
                stored.volumeUsd(),
                stored.unpricedTransactions());
    }
}
