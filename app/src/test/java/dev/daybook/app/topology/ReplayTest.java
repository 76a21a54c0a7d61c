package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.TOPICS;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 6: replaying the input into a fresh application id gives the same table. */
class ReplayTest {

    private static final List<Transaction> TRANSACTIONS = List.of(
            transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"),
            transaction("e2", "2024-07-14T10:00:00Z", "4974", USDC, "2500000"),
            transaction("e3", "2024-04-15T11:00:00Z", "0", USDC, "1000000"),
            decimalOnly("e4", "2024-04-15T12:00:00Z", "4974", SFL, "0.5"));

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    private DailyVolumeDriver fresh(String applicationId, Path stateDir) {
        return new DailyVolumeDriver(
                StreamsSettings.defaults().withApplicationId(applicationId).withStateDir(stateDir),
                DailyVolumeConfig.defaults(TOPICS));
    }

    /** Transactions first, reference data trickling in and corrected later, copies, as a live run sees them. */
    private static void live(DailyVolumeDriver driver) {
        driver.send(TRANSACTIONS.get(0));
        driver.token(SFL, SFL_TOKEN);
        driver.send(TRANSACTIONS.get(1));
        driver.rate("sunflower-land", "2024-04-15", "0.05");
        driver.advanceWallClock(Duration.ofHours(1));
        driver.send(TRANSACTIONS.get(0));
        driver.send(TRANSACTIONS.get(2));
        driver.token(USDC, USDC_TOKEN);
        driver.rate("usd-coin", "2024-04-15", "1");
        driver.rate("usd-coin", "2024-07-14", "0.9998");
        driver.send(TRANSACTIONS.get(3));
        driver.rate("sunflower-land", "2024-04-15", "0.04");
    }

    @Test
    void theSameInputsIntoTwoFreshApplicationsGiveTheSameOutput() {
        try (DailyVolumeDriver first = fresh("daybook-a", stateDirA);
                DailyVolumeDriver second = fresh("daybook-b", stateDirB)) {
            live(first);
            live(second);

            assertThat(second.history()).isEqualTo(first.history());
            assertThat(second.table()).isEqualTo(first.table()).hasSize(3);
            assertRow(first.row("2024-04-15", "4974"), 2, "0.08", 0);
            assertRow(first.row("2024-04-15", "0"), 1, "1", 0);
            assertRow(first.row("2024-07-14", "4974"), 1, "2.4995", 0);
        }
    }

    /**
     * A replay reads the compacted reference topics' latest values, likely before the transactions:
     * another order than the live run's, and the same totals (versions, which count changes, differ).
     */
    @Test
    void aReplayInAnotherOrderGivesTheSameTotals() {
        try (DailyVolumeDriver live = fresh("daybook-a", stateDirA);
                DailyVolumeDriver replay = fresh("daybook-b", stateDirB)) {
            live(live);
            replay.token(SFL, SFL_TOKEN);
            replay.token(USDC, USDC_TOKEN);
            replay.rate("sunflower-land", "2024-04-15", "0.04");
            replay.rate("usd-coin", "2024-04-15", "1");
            replay.rate("usd-coin", "2024-07-14", "0.9998");
            for (int i = TRANSACTIONS.size() - 1; i >= 0; i--) {
                replay.send(TRANSACTIONS.get(i));
            }
            replay.send(TRANSACTIONS.get(0));

            assertThat(withoutVersions(replay.table()))
                    .isEqualTo(withoutVersions(live.table()))
                    .hasSize(3);
        }
    }

    private static Map<String, String> withoutVersions(Map<String, DailyVolume> table) {
        return table.values().stream()
                .collect(Collectors.toMap(
                        DailyVolume::key,
                        row -> row.numTransactions() + "/"
                                + row.totalVolumeUsd().toPlainString() + "/" + row.unpricedTransactions(),
                        (a, b) -> a));
    }
}
