package dev.daybook.connectors.warehouse.check;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Discrepancies as a text table with aligned columns, a header first, one line per discrepancy. */
public final class DiscrepancyTable {

    static final List<String> HEADER = List.of("check", "date", "project_id", "detail", "expected", "actual");

    private DiscrepancyTable() {}

    public static String render(List<Discrepancy> discrepancies) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Discrepancy d : discrepancies) {
            lines.add(List.of(
                    d.check(),
                    String.valueOf(d.date()),
                    String.valueOf(d.projectId()),
                    String.valueOf(d.detail()),
                    String.valueOf(d.expected()),
                    String.valueOf(d.actual())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], line.get(column).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> line : lines) {
            List<String> cells = new ArrayList<>();
            for (int column = 0; column < widths.length; column++) {
                cells.add(String.format("%-" + widths[column] + "s", line.get(column)));
            }
            table.append(cells.stream().collect(Collectors.joining("  ")).stripTrailing())
                    .append(System.lineSeparator());
        }
        return table.toString();
    }
}
