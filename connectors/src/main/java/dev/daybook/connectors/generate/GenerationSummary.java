package dev.daybook.connectors.generate;

import dev.daybook.connectors.csv.MalformedReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a generator run wrote. */
public record GenerationSummary(
        List<Path> files, Map<RowKind, Long> rowsByKind, Map<MalformedReason, Long> malformedByReason) {

    public GenerationSummary {
        files = List.copyOf(files);
        rowsByKind = Map.copyOf(rowsByKind);
        malformedByReason = Map.copyOf(malformedByReason);
    }

    public long rows() {
        return rowsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rows(RowKind kind) {
        return rowsByKind.getOrDefault(kind, 0L);
    }

    /** Rows the decoder turns into transactions (duplicates and unknown currencies included). */
    public long transactions() {
        return rowsByKind.entrySet().stream()
                .filter(e -> e.getKey().decodesToTransaction())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
