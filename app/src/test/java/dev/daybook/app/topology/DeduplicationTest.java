package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.START;
import static dev.daybook.app.topology.DailyVolumeDriver.TOPICS;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.DeduplicationProcessor.GENERATION;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 2: copies of a transaction count once within the horizon, in processing time, of the first. */
class DeduplicationTest {

    private static final Duration HORIZON = DailyVolumeConfig.DEFAULT_DEDUP_HORIZON;
    private static final Transaction FIRST =
            transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1000000000000000000");

    @TempDir
    Path stateDir;

    private DailyVolumeDriver pricedDriver(DailyVolumeConfig config) {
        DailyVolumeDriver driver = new DailyVolumeDriver(stateDir, config);
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        return driver;
    }

    @Test
    void aCopyWithinTheHorizonCountsOnceWhateverItsEventTime() {
        try (DailyVolumeDriver driver = pricedDriver(DailyVolumeConfig.defaults(TOPICS))) {
            driver.send(FIRST);
            driver.send(FIRST);
            driver.advanceWallClock(HORIZON);
            driver.send(transaction("e1", "2025-04-15T10:00:00Z", "4974", SFL, "1000000000000000000"));

            assertThat(driver.table()).containsOnlyKeys("2024-04-15:4974");
            assertRow(driver.row("2024-04-15", "4974"), 1, "0.04", 0);
            assertThat(driver.duplicatesDropped()).isEqualTo(2);
        }
    }

    @Test
    void aCopyAfterTheHorizonCountsAgainAndStartsANewHorizon() {
        try (DailyVolumeDriver driver = pricedDriver(DailyVolumeConfig.defaults(TOPICS))) {
            driver.send(FIRST);
            driver.advanceWallClock(HORIZON.plusMillis(1));
            driver.send(FIRST);
            driver.advanceWallClock(HORIZON);
            driver.send(FIRST);

            assertRow(driver.row("2024-04-15", "4974"), 2, "0.08", 0);
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void theHorizonIsConfigurableAndHoldsBetweenPurges() {
        // purging only daily: the age of the first copy decides, not whether its id was purged yet
        DailyVolumeConfig oneHour = new DailyVolumeConfig(TOPICS, Duration.ofHours(1), Duration.ofDays(1));
        try (DailyVolumeDriver driver = pricedDriver(oneHour)) {
            driver.send(FIRST);
            driver.advanceWallClock(Duration.ofMinutes(59));
            driver.send(FIRST);
            assertRow(driver.row("2024-04-15", "4974"), 1, "0.04", 0);

            driver.advanceWallClock(Duration.ofMinutes(1).plusMillis(1));
            driver.send(FIRST);
            assertRow(driver.row("2024-04-15", "4974"), 2, "0.08", 0);
        }
    }

    @Test
    void thePurgeForgetsExactlyTheIdsOlderThanTheHorizon() {
        try (DailyVolumeDriver driver = pricedDriver(DailyVolumeConfig.defaults(TOPICS))) {
            driver.send(FIRST);
            driver.advanceWallClock(Duration.ofDays(3));
            driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "1000000000000000000"));
            long e2Seen = START.plus(Duration.ofDays(3)).toEpochMilli();

            driver.advanceWallClock(Duration.ofDays(4).plus(DailyVolumeConfig.DEFAULT_DEDUP_PURGE_INTERVAL));

            Bytes e2 = new EventIdKeys().of("e2");
            Map<Bytes, Long> seen = driver.store(DeduplicationProcessor.SEEN_STORE);
            Map<Bytes, byte[]> log = driver.store(DeduplicationProcessor.LOG_STORE);
            assertThat(seen).containsOnlyKeys(GENERATION, e2).containsEntry(e2, e2Seen);
            assertThat(log).containsOnlyKeys(GENERATION, new SeenBatch(e2, e2Seen, 1).key());

            driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "1000000000000000000"));
            driver.send(FIRST);
            assertRow(driver.row("2024-04-15", "4974"), 3, "0.12", 0);
        }
    }
}
