package dev.daybook.app.http;

import java.util.Comparator;
import java.util.List;

/** A row of an API answer. Answers are ordered by the rows' cursors, compared part by part. */
interface ApiRow {

    /** The row's place in the answer, e.g. {@code [2024-04-15, 4974]}; the {@code after} of the next page. */
    List<String> cursor();

    /** The API's order: by cursor, part by part (ISO dates compare as text). */
    Comparator<ApiRow> ORDER = (a, b) -> compare(a.cursor(), b.cursor());

    static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int part = a.get(i).compareTo(b.get(i));
            if (part != 0) {
                return part;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
