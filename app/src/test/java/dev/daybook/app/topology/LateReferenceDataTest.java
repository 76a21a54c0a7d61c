package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 4: a transaction whose token or rate is unknown counts, unpriced; when the token or rate arrives,
 * every affected day, however old, is priced.
 */
class LateReferenceDataTest {

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
    void anUnknownTokenCountsUnpricedUntilItArrivesThenEveryDayIsPriced() {
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e2", "2023-09-28T10:00:00Z", "4974", SFL, "1000000000000000000"));
        driver.send(decimalOnly("e3", "2023-09-28T11:00:00Z", "4974", SFL, "3"));
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.rate("sunflower-land", "2023-09-28", "0.02");

        assertRow(driver.row("2024-04-15", "4974"), 1, "0", 1);
        assertRow(driver.row("2023-09-28", "4974"), 2, "0", 2);

        driver.token(SFL, SFL_TOKEN);

        assertRow(driver.row("2024-04-15", "4974"), 1, "0.06", 0);
        assertRow(driver.row("2023-09-28", "4974"), 2, "0.08", 0);
    }

    @Test
    void aRowIsAsNewAsItsNewestTransactionWhateverTheReferenceDataArrivedWith() {
        // The API's Last-Modified and the dashboard's freshness come from here; the record timestamps Kafka
        // Streams carries through foreign-key joins are those of whichever side changed last.
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", USDC, "1000000"));
        driver.send(transaction("e2", "2024-04-15T11:30:00Z", "4974", SFL, "1000000000000000000"));
        driver.token(USDC, USDC_TOKEN);
        driver.token(SFL, SFL_TOKEN);
        driver.rate("usd-coin", "2024-04-15", "1");
        driver.rate("sunflower-land", "2024-04-15", "0.04");

        assertRow(driver.row("2024-04-15", "4974"), 2, "1.04", 0);
        DailyTotals totals = driver.<DayProject, DailyTotals>store(DailyVolumeTopology.DAILY_TOTALS_STORE)
                .get(new DayProject(LocalDate.parse("2024-04-15"), "4974"));
        assertThat(Instant.ofEpochMilli(totals.newest())).isEqualTo(Instant.parse("2024-04-15T11:30:00Z"));
    }

    @Test
    void anUnknownRateCountsUnpricedUntilItArrivesForThatDayOnly() {
        driver.token(USDC, USDC_TOKEN);
        driver.rate("usd-coin", "2024-04-15", "0.9998");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", USDC, "1000000"));
        driver.send(transaction("e2", "2024-01-02T10:00:00Z", "4974", USDC, "2000000"));
        driver.send(transaction("e3", "2024-01-02T11:00:00Z", "51", USDC, "3000000"));

        assertRow(driver.row("2024-04-15", "4974"), 1, "0.9998", 0);
        assertRow(driver.row("2024-01-02", "4974"), 1, "0", 1);
        assertRow(driver.row("2024-01-02", "51"), 1, "0", 1);

        driver.rate("usd-coin", "2024-01-02", "1.0001");

        assertRow(driver.row("2024-04-15", "4974"), 1, "0.9998", 0);
        assertRow(driver.row("2024-01-02", "4974"), 1, "2.0002", 0);
        assertRow(driver.row("2024-01-02", "51"), 1, "3.0003", 0);
    }

    @Test
    void pricingAPartOfADayMovesOnlyThatPartFromUnpricedToVolume() {
        driver.token(USDC, USDC_TOKEN);
        driver.rate("usd-coin", "2024-04-15", "1");
        driver.rate("sunflower-land", "2024-04-15", "0.04");
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", USDC, "5000000"));
        driver.send(transaction("e2", "2024-04-15T11:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.send(transaction("e3", "2024-04-15T12:00:00Z", "4974", SFL, "500000000000000000"));
        assertRow(driver.row("2024-04-15", "4974"), 3, "5", 2);

        driver.token(SFL, SFL_TOKEN);

        assertRow(driver.row("2024-04-15", "4974"), 3, "5.08", 0);
        List<DailyVolume> rows =
                driver.history().stream().map(record -> record.value).toList();
        assertThat(rows).extracting(DailyVolume::version).isSorted().doesNotHaveDuplicates();
        assertThat(driver.history()).extracting(record -> record.key).containsOnly("2024-04-15:4974");
    }

    @Test
    void noRowOnTheWayIsInconsistent() {
        driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
        driver.token(SFL, SFL_TOKEN);
        driver.rate("sunflower-land", "2024-04-15", "0.04");

        List<String> rows = driver.history().stream()
                .map(record -> record.value.numTransactions() + "/"
                        + record.value.totalVolumeUsd().toPlainString() + "/" + record.value.unpricedTransactions())
                .toList();
        assertThat(rows).containsOnly("1/0/1", "1/0.06/0").endsWith("1/0.06/0");
    }
}
