package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the continuous rates service calls CoinGecko: batched, when due, and not during a backoff. */
class PassScheduleTest {

    private static final Instant T0 = Instant.parse("2024-04-20T12:00:00Z");
    private static final Duration BACKOFF = Duration.ofMinutes(1);

    private final PassSchedule schedule = new PassSchedule(BACKOFF);

    @Test
    void nothingChangedMakesNoPass() {
        assertThat(schedule.passNow(T0, false, 0)).isFalse();
        assertThat(schedule.passNow(T0.plusSeconds(3600), false, 5)).isFalse();
    }

    @Test
    void aChangeIsSettledOnceTransactionsStopComing() {
        assertThat(schedule.passNow(T0, true, 10)).isFalse();
        assertThat(schedule.passNow(T0.plusSeconds(1), false, 3)).isFalse();

        assertThat(schedule.passNow(T0.plusSeconds(2), false, 0)).isTrue();
    }

    @Test
    void whileTransactionsKeepComingAChangeWaitsAtMostTheBatchWait() {
        assertThat(schedule.passNow(T0, true, 10)).isFalse();
        assertThat(schedule.passNow(T0.plus(PassSchedule.MAX_BATCH_WAIT).minusMillis(1), true, 10))
                .isFalse();

        assertThat(schedule.passNow(T0.plus(PassSchedule.MAX_BATCH_WAIT), false, 10))
                .isTrue();
    }

    @Test
    void aSettledChangeMakesNoFurtherPass() {
        assertThat(schedule.passNow(T0, true, 0)).isTrue();
        schedule.settled();
        schedule.next(Optional.empty(), false, T0);

        assertThat(schedule.passNow(T0.plusSeconds(1), false, 0)).isFalse();
        assertThat(schedule.passNow(T0.plusSeconds(2), true, 0)).isTrue();
    }

    @Test
    void aFailedPassIsMadeAgainAfterTheBackoffAndNotBefore() {
        assertThat(schedule.passNow(T0, true, 0)).isTrue();
        Instant failedAt = T0.plusSeconds(5);
        schedule.failed(T0, failedAt);
        schedule.next(Optional.empty(), false, failedAt);

        assertThat(schedule.passNow(failedAt.plus(BACKOFF).minusMillis(1), true, 0))
                .isFalse();
        assertThat(schedule.passNow(failedAt.plus(BACKOFF), false, 0)).isTrue();
    }

    @Test
    void aPassFallsDueWhenADeferralOrVerdictEnds() {
        Instant due = T0.plus(Duration.ofHours(1));
        schedule.next(Optional.of(due), false, T0);

        assertThat(schedule.passNow(due.minusMillis(1), false, 0)).isFalse();
        assertThat(schedule.passNow(due, false, 0)).isTrue();
    }

    @Test
    void currenciesLeftForTheNextPassAreLookedUpWithinTheBatchWait() {
        schedule.next(Optional.of(T0.plus(Duration.ofHours(1))), true, T0);

        assertThat(schedule.passNow(T0.plus(PassSchedule.MAX_BATCH_WAIT).minusMillis(1), false, 0))
                .isFalse();
        assertThat(schedule.passNow(T0.plus(PassSchedule.MAX_BATCH_WAIT), false, 0))
                .isTrue();
    }

    @Test
    void anEarlierDeferralEndIsKeptWhenCurrenciesAreLeft() {
        Instant due = T0.plusSeconds(10);
        schedule.next(Optional.of(due), true, T0);

        assertThat(schedule.passNow(due, false, 0)).isTrue();
    }
}
