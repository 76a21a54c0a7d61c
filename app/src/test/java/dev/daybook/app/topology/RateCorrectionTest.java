package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Token;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 5: a corrected rate (or token) re-prices every day that uses it, and only those. */
class RateCorrectionTest {

    @TempDir
    Path stateDir;

    private DailyVolumeDriver driver;

    @BeforeEach
    void start() {
        driver = new DailyVolumeDriver(stateDir);
        driver.token(SFL, SFL_TOKEN);
        driver.token(USDC, USDC_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("sunflower-land", "2024-04-16", "0.03");
        driver.rate("usd-coin", "2024-04-15", "1");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", USDC, "2000000"));
        driver.send(transaction("e3", "2024-04-15T12:00:00Z", "51", SFL, "1000000000000000000"));
        driver.send(transaction("e4", "2024-04-16T12:00:00Z", "4974", SFL, "1000000000000000000"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCorrectedRateUpdatesEveryDayThatUsesItAndNoOther() {
        assertRow(driver.row("2024-04-15", "4974"), 2, "2.06", 0);
        assertRow(driver.row("2024-04-15", "51"), 1, "0.04", 0);
        assertRow(driver.row("2024-04-16", "4974"), 1, "0.03", 0);
        Map<String, DailyVolume> before = driver.table();

        driver.rate("sunflower-land", "2024-04-15", "0.05");

        assertRow(driver.row("2024-04-15", "4974"), 2, "2.075", 0);
        assertRow(driver.row("2024-04-15", "51"), 1, "0.05", 0);
        assertThat(driver.row("2024-04-16", "4974")).isEqualTo(before.get("2024-04-16:4974"));
        assertThat(driver.row("2024-04-15", "4974").version())
                .isGreaterThan(before.get("2024-04-15:4974").version());
    }

    @Test
    void aCorrectedTokenRescalesEveryDayThatUsesIt() {
        driver.token(SFL, new Token("SFL", 17, "sunflower-land"));

        assertRow(driver.row("2024-04-15", "4974"), 2, "2.6", 0);
        assertRow(driver.row("2024-04-15", "51"), 1, "0.4", 0);
        assertRow(driver.row("2024-04-16", "4974"), 1, "0.3", 0);
    }
}
