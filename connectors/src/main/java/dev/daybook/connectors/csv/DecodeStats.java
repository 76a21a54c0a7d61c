package dev.daybook.connectors.csv;

import java.util.EnumMap;
import java.util.Map;

/** Running counts of what a decoder produced. Not thread-safe. */
public final class DecodeStats {

    private long rows;
    private long transactions;
    private long skipped;
    private final EnumMap<MalformedReason, Long> malformed = new EnumMap<>(MalformedReason.class);

    public void count(Decoded decoded) {
        rows++;
        if (decoded instanceof Decoded.Transaction) {
            transactions++;
        } else if (decoded instanceof Decoded.Skipped) {
            skipped++;
        } else if (decoded instanceof Decoded.Malformed m) {
            malformed.merge(m.reason(), 1L, Long::sum);
        }
    }

    /** Rows read, header and blank lines not included. */
    public long rows() {
        return rows;
    }

    public long transactions() {
        return transactions;
    }

    /** Rows of other event types. */
    public long skipped() {
        return skipped;
    }

    public long malformed() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }

    public long malformed(MalformedReason reason) {
        return malformed.getOrDefault(reason, 0L);
    }

    /** Malformed rows by reason, only reasons that occurred. */
    public Map<MalformedReason, Long> malformedByReason() {
        return Map.copyOf(malformed);
    }

    @Override
    public String toString() {
        return "rows=" + rows + " transactions=" + transactions + " skipped=" + skipped + " malformed=" + malformed;
    }
}
