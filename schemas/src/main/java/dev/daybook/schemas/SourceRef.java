package dev.daybook.schemas;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * Where a row came from: the object's URI, its generation (0 where the store has none) and the
 * 1-based line number of the row in the object (the header is line 1).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SourceRef(String uri, long generation, long line) {

    public SourceRef {
        Objects.requireNonNull(uri, "uri");
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive: " + line);
        }
    }

    @Override
    public String toString() {
        return uri + (generation == 0 ? "" : "#" + generation) + ":" + line;
    }
}
