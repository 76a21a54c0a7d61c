package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 3: USD = amount_raw / 10^decimals × usd(coin, day), exact end to end. */
class ExactVolumeTest {

    @TempDir
    Path stateDir;

    private DailyVolumeDriver driver;

    @BeforeEach
    void start() {
        driver = new DailyVolumeDriver(stateDir);
        driver.token(SFL, SFL_TOKEN);
        driver.token(USDC, USDC_TOKEN);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void tenTimesATenthIsExactlyOne() {
        driver.rate("sunflower-land", "2024-04-15", "1");
        for (int i = 0; i < 10; i++) {
            driver.send(transaction("e" + i, "2024-04-15T10:00:0" + i + "Z", "4974", SFL, "100000000000000000"));
        }

        assertRow(driver.row("2024-04-15", "4974"), 10, "1", 0);
        assertThat(driver.row("2024-04-15", "4974").totalVolumeUsd().toPlainString())
                .isEqualTo("1");
    }

    @Test
    void everyDigitOfTheProductIsKept() {
        driver.rate("sunflower-land", "2024-04-15", "0.05212345678901234");
        driver.send(transaction("e1", "2024-04-15T02:15:07.167Z", "4974", SFL, "613620341167824900"));

        assertThat(driver.row("2024-04-15", "4974").totalVolumeUsd().toPlainString())
                .isEqualTo("0.031984013337720131047278257059266");
    }

    @Test
    void amountsBeyondTheRangeOfALongAreExact() {
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "123456789012345678901234567890"));

        assertThat(driver.row("2024-04-15", "4974").totalVolumeUsd().toPlainString())
                .isEqualTo("4938271560.4938271560493827156");
    }

    @Test
    void aDecimalOnlyAmountIsUsedAsIsAndAddsToRawOnes() {
        driver.rate("usd-coin", "2024-04-15", "0.9998");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", USDC, "12345678"));
        driver.send(decimalOnly("e2", "2024-04-15T11:00:00Z", "4974", USDC, "2.5"));

        assertRow(driver.row("2024-04-15", "4974"), 2, "14.8427088644", 0);
        assertThat(driver.row("2024-04-15", "4974").totalVolumeUsd().toPlainString())
                .isEqualTo("14.8427088644");
    }

    @Test
    void eachCurrencyIsScaledByItsOwnDecimalsAndPricedAtItsOwnRate() {
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("usd-coin", "2024-04-15", "0.9998");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", USDC, "12345678"));
        driver.send(transaction("e3", "2024-04-15T12:00:00Z", "0", USDC, "1000000"));

        assertRow(driver.row("2024-04-15", "4974"), 2, "12.4032088644", 0);
        assertRow(driver.row("2024-04-15", "0"), 1, "0.9998", 0);
    }
}
