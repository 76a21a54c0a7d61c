package dev.daybook.app.http;

import dev.daybook.app.topology.DailyVolumeQuery;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The query parameters of {@code GET /api/daily-volume}: {@code project_id}, {@code from}, {@code to}, all optional. */
final class DailyVolumeParams {

    static final String PROJECT_ID = "project_id";
    static final String FROM = "from";
    static final String TO = "to";
    private static final Set<String> KNOWN = Set.of(PROJECT_ID, FROM, TO);

    private DailyVolumeParams() {
    }

    static DailyVolumeQuery parse(Map<String, List<String>> params) throws BadRequestException {
        for (String name : new TreeSet<>(params.keySet())) {
            if (!KNOWN.contains(name)) {
                throw new BadRequestException("unknown parameter '" + name + "': use project_id, from and to");
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

    /** The {@code Daybook-Partitions} header of a forwarded request: partition numbers, comma separated. */
    static Set<Integer> partitions(String header) throws BadRequestException {
        Set<Integer> partitions = new TreeSet<>();
        for (String part : header.split(",")) {
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
