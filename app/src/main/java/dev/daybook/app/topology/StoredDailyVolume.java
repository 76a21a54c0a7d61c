package dev.daybook.app.topology;

import dev.daybook.schemas.DailyVolume;
import java.time.Instant;

/**
 * A row of the daily-volume table as the {@code daily-totals} store holds it.
 *
 * @param updatedAt the timestamp Kafka Streams keeps with the row: that of the newest input record that changed it
 */
public record StoredDailyVolume(DailyVolume row, Instant updatedAt) {
}
