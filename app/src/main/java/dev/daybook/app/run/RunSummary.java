package dev.daybook.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daybook.schemas.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line JSON account of a {@code daybook run --once}, the last line it writes to standard error.
 *
 * @param total     what the pipeline of the state directory has done over all its runs: the figures behind the
 *                  whole table printed (see {@link PipelineTotals})
 * @param thisRun   what this run did
 * @param tableRows rows of the daily-volume table
 * @param elapsedMs wall-clock time of this run
 */
public record RunSummary(Counts total, Counts thisRun, long tableRows, long elapsedMs) {

    /**
     * @param rowsRead     rows read from the source files (transactions, other events and malformed rows)
     * @param transactions rows that were transactions, duplicates included
     * @param duplicates   transactions the aggregation dropped as exact copies of one it had counted
     * @param skipped      rows of other event types
     * @param deadLettered records sent to the dead-letter topic: malformed rows and unreadable files by the
     *                     ingester, records the aggregation or the sink rejected
     * @param objects      files ingested to their end
     * @param amountDisagreements transactions whose decimal amount disagrees with their raw one (the raw one is used)
     * @param amountUnchecked transactions with both amounts whose currency's decimals were not known when ingested
     */
    public record Counts(
            long rowsRead,
            long transactions,
            long duplicates,
            long skipped,
            long deadLettered,
            long objects,
            long amountDisagreements,
            long amountUnchecked) {

        private Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rows_read", rowsRead);
            fields.put("transactions", transactions);
            fields.put("duplicates", duplicates);
            fields.put("skipped", skipped);
            fields.put("dead_lettered", deadLettered);
            fields.put("objects", objects);
            fields.put("amount_disagreements", amountDisagreements);
            fields.put("amount_unchecked", amountUnchecked);
            return fields;
        }
    }

    /**
     * One JSON object on one line, snake_case keys: the totals, {@code table_rows}, {@code elapsed_ms}, then
     * {@code this_run} with the keys of the totals.
     */
    public String toJson() {
        Map<String, Object> fields = total.fields();
        fields.put("table_rows", tableRows);
        fields.put("elapsed_ms", elapsedMs);
        fields.put("this_run", thisRun.fields());
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run summary", e);
        }
    }
}
