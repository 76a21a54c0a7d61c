package dev.daybook.app.topology;

import static dev.daybook.app.topology.DailyVolumeDriver.POLYGON;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL;
import static dev.daybook.app.topology.DailyVolumeDriver.SFL_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.TOPICS;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC;
import static dev.daybook.app.topology.DailyVolumeDriver.USDC_TOKEN;
import static dev.daybook.app.topology.DailyVolumeDriver.decimalOnly;
import static dev.daybook.app.topology.DailyVolumeDriver.transaction;
import static dev.daybook.app.topology.Rows.assertRow;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Token;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All the rules at once, as a day of a real deployment could bring them. */
class CombinedScenarioTest {

    private static final String USDC_E = "0x2791bca1f2de4661ed88a30c99a7a9449aa84174";

    @TempDir
    Path stateDir;

    @Test
    void lateDuplicatedUnpricedCorrectedAndBrokenInputStillAddsUpExactly() {
        try (DailyVolumeDriver driver = new DailyVolumeDriver(stateDir)) {
            driver.token(SFL, SFL_TOKEN);
            driver.token(USDC, USDC_TOKEN);
            driver.rate("sunflower-land", "2024-04-15", "0.04");
            driver.rate("sunflower-land", "2024-04-16", "0.05");
            driver.rate("sunflower-land", "2024-07-14", "0.03");
            driver.rate("usd-coin", "2024-04-15", "1");

            driver.send(transaction("e6", "2024-07-14T08:00:00Z", "4974", SFL, "10000000000000000000"));
            driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
            driver.send(transaction("e2", "2024-04-15T10:05:00Z", "4974", USDC, "12345678"));
            driver.send(decimalOnly("e3", "2024-04-15T10:10:00Z", "0", SFL, "2.25"));
            driver.sendBytes(
                    TOPICS.transactions().name(), "e?".getBytes(UTF_8), "\"BUY_ITEMS\",\"2024".getBytes(UTF_8));
            driver.send(transaction("e4", "2024-04-16T09:00:00Z", "4974", USDC_E, "5000000"));
            driver.send(transaction("e5", "2024-04-16T09:30:00Z", "51", SFL, "1000000000000000000"));
            driver.advanceWallClock(Duration.ofDays(1));
            driver.send(transaction("e1", "2024-04-15T10:00:00Z", "4974", SFL, "1500000000000000000"));
            driver.send(transaction("e7", "2024-04-15T23:59:59.999Z", "4974", SFL, "500000000000000000"));

            assertRow(driver.row("2024-04-16", "4974"), 1, "0", 1);

            driver.token(POLYGON, USDC_E, new Token("USDC.E", 6, "bridged-usdc-polygon-pos-bridge"));
            driver.rate("bridged-usdc-polygon-pos-bridge", "2024-04-16", "0.9995");
            driver.rate("sunflower-land", "2024-04-16", "0.055");

            Map<String, String> table = driver.table().values().stream()
                    .collect(Collectors.toMap(
                            DailyVolume::key,
                            row -> row.numTransactions() + "/"
                                    + row.totalVolumeUsd().toPlainString() + "/" + row.unpricedTransactions()));
            assertThat(table)
                    .isEqualTo(Map.of(
                            "2024-04-15:4974", "3/12.425678/0",
                            "2024-04-15:0", "1/0.09/0",
                            "2024-04-16:4974", "1/4.9975/0",
                            "2024-04-16:51", "1/0.055/0",
                            "2024-07-14:4974", "1/0.3/0"));
            assertRow(driver.row("2024-04-15", "4974"), 3, "12.425678", 0);
            assertThat(driver.deadLetterCounter.total()).isEqualTo(1);

            List<KeyValue<String, DailyVolume>> history = driver.history();
            Map<String, List<Long>> versions = history.stream()
                    .collect(Collectors.groupingBy(
                            record -> record.key,
                            Collectors.mapping(record -> record.value.version(), Collectors.toList())));
            assertThat(versions.values())
                    .allSatisfy(
                            keyVersions -> assertThat(keyVersions).isSorted().doesNotHaveDuplicates());
        }
    }
}
