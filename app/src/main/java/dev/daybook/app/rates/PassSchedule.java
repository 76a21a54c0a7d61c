package dev.daybook.app.rates;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the continuous rates service makes its next pass: once what it knows changed and transactions stopped
 * coming (or kept coming for {@link #MAX_BATCH_WAIT}: calls are batched), or when a deferral or verdict ends;
 * never within {@link RatesSettings#retryBackoff()} after a call failed on every attempt.
 */
final class PassSchedule {

    /** While transactions keep coming, the longest a new need waits before it is fetched. */
    static final Duration MAX_BATCH_WAIT = Duration.ofSeconds(30);

    private final Duration retryBackoff;
    /** When what the service knows changed since the last pass settled it; null: it did not. */
    private Instant changedSince;

    private Instant notBefore = Instant.MIN;
    /** Null: nothing falls due. */
    private Instant due;

    PassSchedule(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    /**
     * Whether to make a pass now.
     *
     * @param changed whether what the service knows changed since the last call
     * @param read    how many transactions the service just read
     * @return whether to make a pass now
     */
    boolean passNow(Instant now, boolean changed, int read) {
        if (changed && changedSince == null) {
            changedSince = now;
        }
        boolean batchReady = changedSince != null && (read == 0 || !now.isBefore(changedSince.plus(MAX_BATCH_WAIT)));
        boolean dueNow = due != null && !now.isBefore(due);
        return (batchReady || dueNow) && !now.isBefore(notBefore);
    }

    /** The pass did what it could: the changes it was made for are settled. */
    void settled() {
        changedSince = null;
        notBefore = Instant.MIN;
    }

    /** A call of the pass started at {@code started} failed on every attempt: the pass is made again after the backoff. */
    void failed(Instant started, Instant now) {
        notBefore = now.plus(retryBackoff);
        changedSince = started;
    }

    /**
     * After a pass: the next one is due at {@code nextDue}, or within {@link #MAX_BATCH_WAIT} if the pass left
     * currencies to look up.
     */
    void next(Optional<Instant> nextDue, boolean currenciesLeft, Instant now) {
        due = nextDue.orElse(null);
        if (currenciesLeft) {
            Instant nextPass = now.plus(MAX_BATCH_WAIT);
            due = due == null || nextPass.isBefore(due) ? nextPass : due;
        }
    }
}
