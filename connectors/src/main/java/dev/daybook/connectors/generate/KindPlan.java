package dev.daybook.connectors.generate;

import java.util.EnumMap;
import java.util.Map;

/**
 * Decides the kind of each row so that the counts come out exact: each row takes a kind with
 * probability proportional to how many rows of that kind are still to come.
 */
final class KindPlan {

    /** Rows still to come, by kind; an EnumMap walks its kinds in declaration order, which keeps runs reproducible. */
    private final EnumMap<RowKind, Long> remaining = new EnumMap<>(RowKind.class);

    private long total;

    KindPlan(Map<RowKind, Long> counts) {
        for (RowKind kind : RowKind.values()) {
            long count = counts.getOrDefault(kind, 0L);
            remaining.put(kind, count);
            total += count;
        }
    }

    /** @param canDuplicate false while there is no earlier row to copy */
    RowKind next(Prng random, boolean canDuplicate) {
        long duplicates = remaining.get(RowKind.DUPLICATE);
        long pick = random.nextLong(canDuplicate ? total : total - duplicates);
        for (Map.Entry<RowKind, Long> entry : remaining.entrySet()) {
            RowKind kind = entry.getKey();
            if (kind == RowKind.DUPLICATE && !canDuplicate) {
                continue;
            }
            long left = entry.getValue();
            if (pick < left) {
                entry.setValue(left - 1);
                total--;
                return kind;
            }
            pick -= left;
        }
        throw new IllegalStateException("no rows left to plan");
    }
}
