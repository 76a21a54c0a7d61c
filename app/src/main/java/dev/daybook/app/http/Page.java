package dev.daybook.app.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which page of an answer to send: at most {@code limit} rows, those after the row whose cursor is
 * {@code after} in the API's order (from the first row when it is null). The {@code after} of the next page
 * is the cursor of the last row of this one, its parts joined by {@code /}.
 */
record Page(int limit, List<String> after) {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;

    Page {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        after = after == null ? null : List.copyOf(after);
    }

    boolean includes(ApiRow row) {
        return after == null || ApiRow.compare(row.cursor(), after) > 0;
    }

    /** The query parameters of this page, for a peer or a next link: {@code limit=…[&after=…]}. */
    String queryParameters() {
        return ApiParams.LIMIT + "=" + limit
                + (after == null
                        ? ""
                        : "&" + ApiParams.AFTER + "="
                                + URLEncoder.encode(String.join("/", after), StandardCharsets.UTF_8));
    }

    /** The page after this one, which ends with {@code last}. */
    Page next(ApiRow last) {
        return new Page(limit, last.cursor());
    }
}
