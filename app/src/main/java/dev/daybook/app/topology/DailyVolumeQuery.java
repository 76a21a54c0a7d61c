package dev.daybook.app.topology;

import java.time.LocalDate;

/**
 * Which rows of the daily-volume table to read: one project or all ({@code projectId} null), between two
 * UTC days inclusive ({@code from} or {@code to} null for no bound).
 */
public record DailyVolumeQuery(String projectId, LocalDate from, LocalDate to) {

    public DailyVolumeQuery {
        if (projectId != null && projectId.isBlank()) {
            throw new IllegalArgumentException("projectId must not be blank");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    public static DailyVolumeQuery all() {
        return new DailyVolumeQuery(null, null, null);
    }

    /** True when the query names exactly one row: a project on one day. */
    public boolean isSingleRow() {
        return projectId != null && from != null && from.equals(to);
    }

    public boolean matches(LocalDate day, String project) {
        return (projectId == null || projectId.equals(project))
                && (from == null || !day.isBefore(from))
                && (to == null || !day.isAfter(to));
    }
}
