package dev.daybook.connectors.warehouse.check;

import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code daybook check}: the warehouse reconciles with itself. Each check is one dialect-neutral query of
 * {@code schemas/checks}, whose rows are the discrepancies it finds; placeholders {@code ${table}} name the
 * model tables as the {@link WarehouseReader} says, {@code ${from}} and {@code ${to}} are DATE literals.
 */
public final class WarehouseCheck {

    /** The checks, in the order they run: the name of the file and of the check in the report. */
    public static final List<String> CHECKS =
            List.of("raw_count", "currency_sum", "unknown_currency", "duplicate_event");

    /** The checks that do not read the raw layer, for a warehouse whose sink does not write it. */
    public static final List<String> WITHOUT_RAW_LAYER = List.of("currency_sum");

    /** The tables the checks read. */
    public static final List<String> TABLES = Stream.of(
                    WarehouseTable.TRANSACTIONS,
                    WarehouseTable.DAILY_VOLUME,
                    WarehouseTable.DAILY_CURRENCY_VOLUME,
                    WarehouseTable.TOKENS)
            .map(WarehouseTable::tableName)
            .toList();

    private static final String RESOURCES = "/dev/daybook/schemas/checks/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private WarehouseCheck() {}

    /**
     * The {@code checks} (of {@link #CHECKS}) over {@code range}.
     *
     * @throws WarehouseException naming the missing tables when the warehouse lacks any, or when a query fails
     */
    public static List<Discrepancy> run(WarehouseReader reader, DateRange range, List<String> checks)
            throws WarehouseException {
        List<String> missing = reader.missing(TABLES);
        if (!missing.isEmpty()) {
            throw new WarehouseException(
                    reader.name() + " has no table " + String.join(", ", missing)
                            + ": let this version's sink (daybook run or daybook sink) create them first",
                    false,
                    null);
        }
        List<Discrepancy> found = new ArrayList<>();
        for (String check : checks) {
            found.addAll(reader.discrepancies(check, sql(check, reader, range)));
        }
        return found;
    }

    /** The query of {@code check} with its placeholders filled in. */
    static String sql(String check, WarehouseReader reader, DateRange range) {
        Map<String, String> values = Map.of("from", dateLiteral(range.from()), "to", dateLiteral(range.to()));
        Matcher placeholder = PLACEHOLDER.matcher(load(check + ".sql"));
        StringBuilder sql = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value = values.containsKey(name) ? values.get(name) : reader.sqlName(name);
            placeholder.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(sql).toString();
    }

    private static String dateLiteral(LocalDate date) {
        return "DATE '" + date + "'";
    }

    private static String load(String file) {
        try (InputStream in = WarehouseCheck.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "check " + RESOURCES + file + " is not on the class path (daybook-schemas)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
