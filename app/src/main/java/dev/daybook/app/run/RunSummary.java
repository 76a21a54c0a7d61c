package dev.daybook.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daybook.schemas.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line JSON account of a {@code daybook run --once}, the last line it writes to standard error.
 *
 * @param rowsRead     rows read from the source files (transactions, other events and malformed rows)
 * @param transactions rows that were transactions, duplicates included
 * @param duplicates   transactions the aggregation dropped as exact copies of one it had counted
 * @param skipped      rows of other event types
 * @param deadLettered records sent to the dead-letter topic: malformed rows and unreadable files by the
 *                     ingester, records the aggregation or the sink rejected
 * @param amountDisagreements transactions whose decimal amount disagrees with their raw one (the raw one is used)
 * @param amountUnchecked transactions with both amounts whose currency's decimals were not known when ingested
 * @param objects      files ingested to their end
 * @param tableRows    rows of the daily-volume table
 * @param elapsedMs    wall-clock time of the run
 */
public record RunSummary(long rowsRead, long transactions, long duplicates, long skipped, long deadLettered,
                         long amountDisagreements, long amountUnchecked, long objects, long tableRows, long elapsedMs) {

    /** One JSON object on one line, snake_case keys in the order of the record. */
    public String toJson() {
        Map<String, Long> fields = new LinkedHashMap<>();
        fields.put("rows_read", rowsRead);
        fields.put("transactions", transactions);
        fields.put("duplicates", duplicates);
        fields.put("skipped", skipped);
        fields.put("dead_lettered", deadLettered);
        fields.put("amount_disagreements", amountDisagreements);
        fields.put("amount_unchecked", amountUnchecked);
        fields.put("objects", objects);
        fields.put("table_rows", tableRows);
        fields.put("elapsed_ms", elapsedMs);
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run summary", e);
        }
    }
}
