package dev.daybook.app.topology;

import dev.daybook.schemas.DailyVolume;
import java.time.Instant;

/**
 * A row of the daily-volume table as the {@code daily-totals} store holds it.
 *
 * @param newestTransaction the event time of the newest transaction the row counts
 */
public record StoredDailyVolume(DailyVolume row, Instant newestTransaction) {}
