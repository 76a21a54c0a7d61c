package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 1: a transaction counts in the UTC day of its ts, however late it arrives. */
class LateTransactionsTest {

    @TempDir
    Path stateDir;

    private DailyVolumeDriver driver;

    @BeforeEach
    void start() {
        driver = new DailyVolumeDriver(stateDir);
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("sunflower-land", "2024-07-14", "0.05");
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aTransactionNinetyDaysLateLandsInItsOwnDay() {
        driver.send(transaction("e-new", "2024-07-14T09:00:00Z", "4974", SFL, "2000000000000000000"));
        driver.send(transaction("e-late", "2024-04-15T09:00:00Z", "4974", SFL, "1500000000000000000"));

        assertThat(driver.table()).hasSize(2);
        assertRow(driver.row("2024-07-14", "4974"), 1, "0.10", 0);
        assertRow(driver.row("2024-04-15", "4974"), 1, "0.06", 0);
    }

    @Test
    void aLateTransactionAddsToTheDayItAlreadyHas() {
        driver.send(transaction("e1", "2024-04-15T01:00:00Z", "4974", SFL, "1000000000000000000"));
        driver.send(transaction("e2", "2024-07-14T09:00:00Z", "4974", SFL, "1000000000000000000"));
        driver.send(transaction("e3", "2024-04-15T23:00:00Z", "4974", SFL, "500000000000000000"));

        assertRow(driver.row("2024-04-15", "4974"), 2, "0.06", 0);
        assertRow(driver.row("2024-07-14", "4974"), 1, "0.05", 0);
    }

    @Test
    void theDayIsTheUtcDateOfTs() {
        driver.send(transaction("e1", "2024-04-15T23:59:59.999Z", "7", SFL, "1000000000000000000"));
        driver.send(transaction("e2", "2024-04-16T00:00:00.000Z", "7", SFL, "1000000000000000000"));

        assertRow(driver.row("2024-04-15", "7"), 1, "0.04", 0);
        assertRow(driver.row("2024-04-16", "7"), 1, "0", 1);
    }
}
