package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;

/** Key of the {@code daily-totals} table: one project on one UTC day. Its property order is pinned like {@link BucketKey}'s. */
@JsonPropertyOrder({"d", "p"})
record DayProject(
        @JsonProperty("d") LocalDate day, @JsonProperty("p") String projectId) {}
