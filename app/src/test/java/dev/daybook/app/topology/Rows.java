package dev.daybook.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;

/** Assertions on daily-volume rows. */
final class Rows {

    private Rows() {}

    static void assertRow(DailyVolume row, long transactions, String volumeUsd, long unpriced) {
        assertThat(row).as("row").isNotNull();
        assertThat(row.numTransactions())
                .as("num_transactions of %s", row.key())
                .isEqualTo(transactions);
        assertThat(row.totalVolumeUsd())
                .as("total_volume_usd of %s", row.key())
                .isEqualByComparingTo(new BigDecimal(volumeUsd));
        assertThat(row.unpricedTransactions())
                .as("unpriced_transactions of %s", row.key())
                .isEqualTo(unpriced);
    }
}
