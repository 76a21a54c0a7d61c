package dev.daybook.connectors.generate;

import java.util.Map;

/**
 * Decides the kind of each row so that the counts come out exact: each row takes a kind with
 * probability proportional to how many rows of that kind are still to come.
 */
final class KindPlan {

    private static final RowKind[] KINDS = RowKind.values();

    private final long[] remaining = new long[KINDS.length];
    private long total;

    KindPlan(Map<RowKind, Long> counts) {
        counts.forEach((kind, count) -> remaining[kind.ordinal()] = count);
        for (long count : remaining) {
            total += count;
        }
    }

    /** @param canDuplicate false while there is no earlier row to copy */
    RowKind next(Prng random, boolean canDuplicate) {
        long duplicates = remaining[RowKind.DUPLICATE.ordinal()];
        long pick = random.nextLong(canDuplicate ? total : total - duplicates);
        for (RowKind kind : KINDS) {
            if (kind == RowKind.DUPLICATE && !canDuplicate) {
                continue;
            }
            if (pick < remaining[kind.ordinal()]) {
                remaining[kind.ordinal()]--;
                total--;
                return kind;
            }
            pick -= remaining[kind.ordinal()];
        }
        throw new IllegalStateException("no rows left to plan");
    }
}
