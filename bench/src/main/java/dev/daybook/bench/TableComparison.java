package dev.daybook.bench;

import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether Daybook's table and the reference query's are the same: the same (day, project) rows, the same
 * transaction and unpriced counts, and the same volume, exactly for Daybook's exact decimals (the
 * {@code daily-volume} topic), and to within a double's precision for the warehouse's {@code DOUBLE} column.
 */
final class TableComparison {

    /** Relative difference allowed between a {@code DOUBLE} and the exact volume: a few ulps. */
    static final double DOUBLE_TOLERANCE = 1e-12;

    private static final int REPORTED_DIFFERENCES = 10;

    /** @param differences the first few rows that differ, for people */
    record Outcome(boolean equal, int rows, List<String> differences) {}

    private TableComparison() {}

    /**
     * @param exact     Daybook's rows with exact volumes, keyed {@code YYYY-MM-DD:project_id}
     * @param warehouse the warehouse's rows (volumes as stored, a double), keyed the same way
     */
    static Outcome compare(
            Map<String, ReferenceQuery.Row> reference,
            Map<String, DailyVolume> exact,
            Map<String, DailyVolume> warehouse) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(reference.keySet());
        keys.addAll(exact.keySet());
        keys.addAll(warehouse.keySet());
        for (String key : keys) {
            ReferenceQuery.Row expected = reference.get(key);
            String difference = expected == null
                    ? "not in the reference query's table"
                    : differs(expected, exact.get(key), true)
                            .orElse(differs(expected, warehouse.get(key), false).orElse(null));
            if (difference != null) {
                differences.add(key + ": " + difference);
            }
        }
        return new Outcome(
                differences.isEmpty(),
                keys.size(),
                differences.subList(0, Math.min(REPORTED_DIFFERENCES, differences.size())));
    }

    private static Optional<String> differs(ReferenceQuery.Row expected, DailyVolume row, boolean exactly) {
        String where = exactly ? "daily-volume topic" : "warehouse";
        if (row == null) {
            return Optional.of("missing from the " + where);
        }
        if (row.numTransactions() != expected.numTransactions()
                || row.unpricedTransactions() != expected.unpricedTransactions()) {
            return Optional.of(where + " has " + row.numTransactions() + " transactions (" + row.unpricedTransactions()
                    + " unpriced), the query " + expected.numTransactions() + " (" + expected.unpricedTransactions()
                    + ")");
        }
        boolean same = exactly
                ? row.totalVolumeUsd().compareTo(expected.volumeUsd()) == 0
                : closeEnough(row.totalVolumeUsd(), expected.volumeUsd());
        return same
                ? Optional.empty()
                : Optional.of(where + " volume " + row.totalVolumeUsd().toPlainString() + " but the query's is "
                        + expected.volumeUsd().stripTrailingZeros().toPlainString());
    }

    private static boolean closeEnough(BigDecimal stored, BigDecimal exact) {
        double difference = Math.abs(stored.doubleValue() - exact.doubleValue());
        return difference <= DOUBLE_TOLERANCE * Math.max(1, Math.abs(exact.doubleValue()));
    }
}
