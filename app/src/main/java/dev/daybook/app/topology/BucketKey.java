package dev.daybook.app.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Transaction;
import java.time.LocalDate;

/**
 * What transactions are summed by before they are priced: one project's transactions of one currency
 * on one UTC day. Key of the {@code buckets} table and of everything joined from it; its JSON names are
 * short because it is written to internal topics once per update. Its bytes are its identity in the
 * stores, so the order of its properties is pinned.
 */
@JsonPropertyOrder({"d", "p", "c", "a"})
record BucketKey(
        @JsonProperty("d") LocalDate day,
        @JsonProperty("p") String projectId,
        @JsonProperty("c") long chainId,
        @JsonProperty("a") String currencyAddress) {

    static BucketKey of(Transaction transaction) {
        return new BucketKey(
                transaction.day(), transaction.projectId(), transaction.chainId(), transaction.currencyAddress());
    }

    /** Foreign key into the {@code tokens} table. */
    String tokenKey() {
        return Keys.token(chainId, currencyAddress);
    }

    DayProject dayProject() {
        return new DayProject(day, projectId);
    }
}
