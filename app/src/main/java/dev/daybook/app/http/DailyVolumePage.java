package dev.daybook.app.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Which page of a daily-volume answer to send: at most {@code limit} rows, those after the row
 * {@code (afterDate, afterProject)} in the API's order (from the first row when both are null). The
 * {@code after} cursor of the next page is the last row of this one, {@code <date>/<project_id>}.
 */
record DailyVolumePage(int limit, LocalDate afterDate, String afterProject) {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;

    DailyVolumePage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if ((afterDate == null) != (afterProject == null)) {
            throw new IllegalArgumentException("a cursor needs both a date and a project id");
        }
    }

    boolean includes(DailyVolumeRow row) {
        if (afterDate == null) {
            return true;
        }
        int byDate = row.date().compareTo(afterDate);
        return byDate > 0 || (byDate == 0 && row.projectId().compareTo(afterProject) > 0);
    }

    /** The query parameters of this page, for a peer or a next link: {@code limit=…[&after=…]}. */
    String queryParameters() {
        return DailyVolumeParams.LIMIT + "=" + limit
                + (afterDate == null
                        ? ""
                        : "&" + DailyVolumeParams.AFTER + "="
                                + URLEncoder.encode(afterDate + "/" + afterProject, StandardCharsets.UTF_8));
    }

    /** The page after this one, which ends with {@code last}. */
    DailyVolumePage next(DailyVolumeRow last) {
        return new DailyVolumePage(limit, last.date(), last.projectId());
    }
}
