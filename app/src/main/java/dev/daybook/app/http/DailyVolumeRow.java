package dev.daybook.app.http;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One row of {@code GET /api/daily-volume}, named like the warehouse table's columns; the volume is an exact decimal string. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"date", "project_id", "num_transactions", "total_volume_usd", "unpriced_transactions"})
public record DailyVolumeRow(
        LocalDate date,
        String projectId,
        long numTransactions,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalVolumeUsd,
        long unpricedTransactions)
        implements ApiRow {

    /** By date, then project id. */
    @Override
    public List<String> cursor() {
        return List.of(date.toString(), projectId);
    }

    static DailyVolumeRow of(DailyVolume volume) {
        return new DailyVolumeRow(
                volume.date(),
                volume.projectId(),
                volume.numTransactions(),
                volume.totalVolumeUsd(),
                volume.unpricedTransactions());
    }
}
