package dev.daybook.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of the result table: a project's transactions and USD volume for one UTC day. Value of the
 * compacted {@code daily-volume} topic, keyed by {@link Keys#dailyVolume(LocalDate, String)}.
 *
 * @param unpricedTransactions transactions counted in numTransactions whose token or rate is not yet known
 * @param version              grows with every change of this key, so a writer can refuse an older row
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DailyVolume(
        LocalDate date,
        String projectId,
        long numTransactions,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalVolumeUsd,
        long unpricedTransactions,
        long version) {

    public DailyVolume {
        Objects.requireNonNull(date, "date");
        Transaction.requireText(projectId, "project_id");
        Objects.requireNonNull(totalVolumeUsd, "total_volume_usd");
    }

    public String key() {
        return Keys.dailyVolume(date, projectId);
    }
}
