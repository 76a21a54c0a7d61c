package dev.daybook.app.http;

import dev.daybook.app.topology.DailyVolumeQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The query parameters of the API's paths ({@code /api/daily-volume}, {@code /api/currency-volume}), all optional:
 * which rows, {@code project_id}, {@code from}, {@code to}; and which page of them, {@code limit} and {@code after}
 * ({@link Page}).
 */
final class ApiParams {

    static final String PROJECT_ID = "project_id";
    static final String FROM = "from";
    static final String TO = "to";
    static final String LIMIT = "limit";
    static final String AFTER = "after";
    private static final Set<String> KNOWN = Set.of(PROJECT_ID, FROM, TO, LIMIT, AFTER);

    private ApiParams() {}

    static DailyVolumeQuery parse(Map<String, List<String>> params) throws BadRequestException {
        for (String name : new TreeSet<>(params.keySet())) {
            if (!KNOWN.contains(name)) {
                throw new BadRequestException(
                        "unknown parameter '" + name + "': use project_id, from, to, limit and after");
            }
        }
        String projectId = single(params, PROJECT_ID);
        if (projectId != null && projectId.isBlank()) {
            throw new BadRequestException("project_id must not be empty: leave it out to get every project");
        }
        LocalDate from = date(params, FROM);
        LocalDate to = date(params, TO);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequestException("from " + from + " is after to " + to + ": from must be on or before to");
        }
        return new DailyVolumeQuery(projectId, from, to);
    }

    static Page page(Map<String, List<String>> params, Endpoint<?> endpoint) throws BadRequestException {
        String limitText = single(params, LIMIT);
        int limit = Page.DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > Page.MAX_LIMIT) {
                throw new BadRequestException(
                        "limit must be a number of rows from 1 to " + Page.MAX_LIMIT + ", not '" + limitText + "'");
            }
        }
        String after = single(params, AFTER);
        if (after == null) {
            return new Page(limit, null);
        }
        List<String> cursor = endpoint.parseCursor(after);
        if (cursor == null) {
            throw new BadRequestException("after must be the last row of the previous page as "
                    + endpoint.cursorFormat() + ", not '" + after + "'; follow the Link header of the previous answer");
        }
        return new Page(limit, cursor);
    }

    /**
     * The parts of a cursor {@code <date>/<rest>} whose date is an ISO date, the rest split by {@code tail} into
     * further parts; null when it is not one.
     */
    static List<String> datedCursor(String after, Function<String, List<String>> tail) {
        int slash = after.indexOf('/');
        if (slash <= 0 || slash == after.length() - 1) {
            return null;
        }
        try {
            LocalDate.parse(after.substring(0, slash));
        } catch (DateTimeParseException e) {
            return null;
        }
        List<String> rest = tail.apply(after.substring(slash + 1));
        if (rest == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(after.substring(0, slash));
        parts.addAll(rest);
        return parts;
    }

    /** The query string asking for {@code query}'s rows of {@code page}: what a peer is sent, and a next link. */
    static String queryParameters(DailyVolumeQuery query, Page page) {
        List<String> params = new ArrayList<>();
        if (query.projectId() != null) {
            params.add(PROJECT_ID + "=" + URLEncoder.encode(query.projectId(), StandardCharsets.UTF_8));
        }
        if (query.from() != null) {
            params.add(FROM + "=" + query.from());
        }
        if (query.to() != null) {
            params.add(TO + "=" + query.to());
        }
        params.add(page.queryParameters());
        return String.join("&", params);
    }

    /** The {@code Daybook-Partitions} header of a forwarded request: partition numbers, comma separated. */
    static Set<Integer> partitions(String header) throws BadRequestException {
        Set<Integer> partitions = new TreeSet<>();
        for (String part : header.split(",", -1)) {
            try {
                int partition = Integer.parseInt(part.trim());
                if (partition < 0) {
                    throw new NumberFormatException();
                }
                partitions.add(partition);
            } catch (NumberFormatException e) {
                throw new BadRequestException(DaybookHttpServer.PARTITIONS_HEADER
                        + " must list partition numbers like 0,3, not '" + header + "'");
            }
        }
        return partitions;
    }

    private static String single(Map<String, List<String>> params, String name) throws BadRequestException {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException("give " + name + " once, not " + values.size() + " times");
        }
        return values.get(0);
    }

    private static LocalDate date(Map<String, List<String>> params, String name) throws BadRequestException {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a date like 2024-04-15, not '" + value + "'");
        }
    }
}
