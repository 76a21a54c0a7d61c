package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.POLYGON;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Keys;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily-currency-volume output: one row per (day, project, chain, currency), versioned, re-priced like
 * daily-volume, and adding up to it exactly at every step.
 */
class CurrencyVolumeTest {

    private static final String UNKNOWN = "0x00000000000000000000000000000000000000aa";

    @TempDir
    Path stateDir;

    private DailyVolumeDriver driver;

    @BeforeEach
    void start() {
        driver = new DailyVolumeDriver(stateDir);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachCurrencyOfADayAndProjectHasItsRowAndTheRowsAddUpToTheDay() {
        driver.token(SFL, SFL_TOKEN);
        driver.token(USDC, USDC_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("usd-coin", "2024-04-15", "1");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", USDC, "2000000"));
        driver.send(decimalOnly("e3", "2024-04-15T12:00:00Z", "4974", USDC, "0.25"));
        driver.send(transaction("e4", "2024-04-15T13:00:00Z", "4974", UNKNOWN, "7"));
        driver.send(transaction("e5", "2024-04-15T13:00:00Z", "51", SFL, "1000000000000000000"));

        assertThat(row("2024-04-15", "4974", SFL)).satisfies(row -> {
            assertThat(row.numTransactions()).isEqualTo(1);
            assertThat(row.volumeUsd()).isEqualByComparingTo("0.06");
            assertThat(row.unpricedTransactions()).isZero();
        });
        assertThat(row("2024-04-15", "4974", USDC).numTransactions()).isEqualTo(2);
        assertThat(row("2024-04-15", "4974", USDC).volumeUsd()).isEqualByComparingTo("2.25");
        assertThat(row("2024-04-15", "4974", UNKNOWN).unpricedTransactions()).isEqualTo(1);
        assertThat(row("2024-04-15", "4974", UNKNOWN).volumeUsd()).isEqualByComparingTo("0");
        assertThat(driver.currencyTable()).hasSize(4);
        assertAddsUpToDailyVolume();
    }

    @Test
    void lateReferenceDataAndACorrectedRateRepriceTheCurrencyRowWithAHigherVersion() {
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        assertThat(row("2024-04-15", "4974", SFL).unpricedTransactions()).isEqualTo(1);
        assertAddsUpToDailyVolume();

        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        assertThat(row("2024-04-15", "4974", SFL).volumeUsd()).isEqualByComparingTo("0.06");
        assertAddsUpToDailyVolume();
        long version = row("2024-04-15", "4974", SFL).version();

        driver.rate("sunflower-land", "2024-04-15", "0.05");

        assertThat(row("2024-04-15", "4974", SFL).volumeUsd()).isEqualByComparingTo("0.075");
        assertThat(row("2024-04-15", "4974", SFL).version()).isGreaterThan(version);
        assertAddsUpToDailyVolume();
    }

    @Test
    void aDuplicateTransactionCountsOnceInItsCurrencyRow() {
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));

        assertThat(row("2024-04-15", "4974", SFL).numTransactions()).isEqualTo(1);
        assertAddsUpToDailyVolume();
    }

    private DailyCurrencyVolume row(String day, String projectId, String address) {
        return driver.currencyTable().get(Keys.dailyCurrencyVolume(LocalDate.parse(day), projectId, POLYGON, address));
    }

    /** Per (day, project): the currency rows' counts, unpriced counts and USD equal the daily-volume row's exactly. */
    private void assertAddsUpToDailyVolume() {
        Map<String, DailyVolume> days = driver.table();
        Map<String, long[]> counts = new HashMap<>();
        Map<String, BigDecimal> usd = new HashMap<>();
        for (DailyCurrencyVolume row : driver.currencyTable().values()) {
            String day = Keys.dailyVolume(row.date(), row.projectId());
            long[] sum = counts.computeIfAbsent(day, key -> new long[2]);
            sum[0] += row.numTransactions();
            sum[1] += row.unpricedTransactions();
            usd.merge(day, row.volumeUsd(), BigDecimal::add);
        }
        assertThat(counts.keySet()).isEqualTo(days.keySet());
        days.forEach((day, row) -> {
            assertThat(counts.get(day)).as(day).containsExactly(row.numTransactions(), row.unpricedTransactions());
            assertThat(usd.get(day)).as(day).isEqualByComparingTo(row.totalVolumeUsd());
        });
    }
}
