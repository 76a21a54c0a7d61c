package dev.daybook.connectors.warehouse;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;

/**
 * The daily-volume table as CSV: the seed's four columns plus {@code unpriced_transactions}, one row per
 * (date, project_id) sorted by date then project_id, {@code total_volume_usd} as the exact decimal in
 * plain notation without trailing zeros ({@code 1234.5}, {@code 0}).
 */
public final class DailyVolumeCsv {

    public static final String HEADER = "date,project_id,num_transactions,total_volume_usd,unpriced_transactions";

    /** The order of the rows: by date, then by project_id. */
    public static final Comparator<DailyVolume> ORDER =
            Comparator.comparing(DailyVolume::date).thenComparing(DailyVolume::projectId);

    private DailyVolumeCsv() {}

    /** The header line and one line per row, each ending with {@code \n}. */
    public static String render(Collection<DailyVolume> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        rows.stream().sorted(ORDER).forEach(row -> csv.append(line(row)).append('\n'));
        return csv.toString();
    }

    /** One row, without line end. */
    public static String line(DailyVolume row) {
        return row.date() + "," + field(row.projectId()) + "," + row.numTransactions() + ","
                + decimal(row.totalVolumeUsd()) + "," + row.unpricedTransactions();
    }

    /** The exact value in plain notation, without trailing zeros. */
    public static String decimal(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String field(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
