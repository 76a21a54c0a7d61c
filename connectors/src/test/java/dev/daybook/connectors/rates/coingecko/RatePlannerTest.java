package dev.daybook.connectors.rates.coingecko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RatePlannerTest {

    private static final Instant NOON = Instant.parse("2024-04-15T12:00:00Z");

    private static List<CoinDay> days(String coin, String first, int count) {
        return Stream.iterate(LocalDate.parse(first), day -> day.plusDays(1))
                .limit(count)
                .map(day -> new CoinDay(coin, day))
                .toList();
    }

    private static CoinDay pair(String coin, String day) {
        return new CoinDay(coin, LocalDate.parse(day));
    }

    @Test
    void oneCallPerCoinWhateverTheDays() {
        List<CoinDay> needed = new ArrayList<>(days("sunflower-land", "2023-03-12", 400));
        needed.add(pair("usd-coin", "2022-01-01"));
        needed.add(pair("usd-coin", "2024-04-10"));
        needed.add(pair("matic-network", "2024-04-14"));

        RatePlan plan = new RatePlanner(CoinGeckoPlan.PRO).plan(needed, NOON);

        assertThat(plan.calls()).isEqualTo(3);
        assertThat(plan.requests())
                .containsExactly(
                        new RateRequest.Day("matic-network", LocalDate.parse("2024-04-14")),
                        new RateRequest.Range(
                                "sunflower-land",
                                Instant.parse("2023-03-12T00:00:00Z"),
                                Instant.parse("2024-04-14T01:00:00Z"),
                                days("sunflower-land", "2023-03-12", 400).stream()
                                        .map(CoinDay::day)
                                        .toList()),
                        new RateRequest.Range(
                                "usd-coin",
                                Instant.parse("2022-01-01T00:00:00Z"),
                                Instant.parse("2024-04-10T01:00:00Z"),
                                List.of(LocalDate.parse("2022-01-01"), LocalDate.parse("2024-04-10"))));
        assertThat(plan.unavailable()).isEmpty();
        assertThat(plan.deferred()).isEmpty();
        assertThat(plan.pending()).isEqualTo(403);
    }

    @Test
    void aThreeYearBackfillOfTwoCoinsCostsTwoCalls() {
        List<CoinDay> needed = new ArrayList<>(days("sunflower-land", "2021-04-15", 1096));
        needed.addAll(days("usd-coin", "2021-04-15", 1096));

        RatePlan plan = new RatePlanner(CoinGeckoPlan.PRO).plan(needed, NOON);

        assertThat(plan.calls()).isEqualTo(2);
        assertThat(plan.requests()).extracting(request -> request.days().size()).containsExactly(1096, 1096);
    }

    @Test
    void aShortRunIsWidenedBackwardsToNinetyTwoDaysForDailyPoints() {
        RatePlan plan = new RatePlanner(CoinGeckoPlan.PRO).plan(days("usd-coin", "2024-04-10", 3), NOON);

        RateRequest.Range range = (RateRequest.Range) plan.requests().get(0);
        assertThat(range.from()).isEqualTo(Instant.parse("2024-01-11T01:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2024-04-12T01:00:00Z"));
        assertThat(Duration.between(range.from(), range.to())).isGreaterThan(Duration.ofDays(90));
        assertThat(range.days())
                .containsExactly(
                        LocalDate.parse("2024-04-10"), LocalDate.parse("2024-04-11"), LocalDate.parse("2024-04-12"));
    }

    @Test
    void onTheDemoPlanDaysBeforeThePast365AreUnavailableAndTheWindowIsWidenedForwards() {
        List<CoinDay> needed =
                List.of(pair("usd-coin", "2023-04-16"), pair("usd-coin", "2023-04-17"), pair("usd-coin", "2023-04-20"));

        RatePlan plan = new RatePlanner(CoinGeckoPlan.DEMO).plan(needed, NOON);

        assertThat(plan.unavailable())
                .isEqualTo(Map.of(
                        pair("usd-coin", "2023-04-16"),
                        "the CoinGecko demo plan serves prices from 2023-04-17 on (the past 365 days)"));
        assertThat(plan.requests())
                .containsExactly(new RateRequest.Range(
                        "usd-coin",
                        Instant.parse("2023-04-17T00:00:00Z"),
                        Instant.parse("2023-07-18T00:00:00Z"),
                        List.of(LocalDate.parse("2023-04-17"), LocalDate.parse("2023-04-20"))));
        assertThat(plan.pending()).isEqualTo(2);
    }

    @Test
    void thePaidPlanReachesFurtherBack() {
        List<CoinDay> needed = List.of(pair("usd-coin", "2023-04-16"), pair("usd-coin", "2023-04-17"));

        RatePlan plan = new RatePlanner(CoinGeckoPlan.PRO).plan(needed, NOON);

        assertThat(plan.unavailable()).isEmpty();
        assertThat(plan.requests())
                .extracting(RateRequest::days)
                .containsExactly(List.of(LocalDate.parse("2023-04-16"), LocalDate.parse("2023-04-17")));
    }

    @Test
    void aDayIsDeferredUntilAnHourAfterItsMidnight() {
        Instant halfPastMidnight = Instant.parse("2024-04-15T00:30:00Z");
        List<CoinDay> needed =
                List.of(pair("usd-coin", "2024-04-14"), pair("usd-coin", "2024-04-15"), pair("usd-coin", "2024-04-16"));

        RatePlan early = new RatePlanner(CoinGeckoPlan.DEMO).plan(needed, halfPastMidnight);

        assertThat(early.requests()).containsExactly(new RateRequest.Day("usd-coin", LocalDate.parse("2024-04-14")));
        assertThat(early.deferred())
                .isEqualTo(Map.of(
                        pair("usd-coin", "2024-04-15"), Instant.parse("2024-04-15T01:00:00Z"),
                        pair("usd-coin", "2024-04-16"), Instant.parse("2024-04-16T01:00:00Z")));
        assertThat(early.pending()).isEqualTo(3);

        RatePlan atOne = new RatePlanner(CoinGeckoPlan.DEMO).plan(needed, Instant.parse("2024-04-15T01:00:00Z"));

        assertThat(atOne.requests())
                .containsExactly(new RateRequest.Range(
                        "usd-coin",
                        Instant.parse("2024-01-14T01:00:00Z"),
                        Instant.parse("2024-04-15T01:00:00Z"),
                        List.of(LocalDate.parse("2024-04-14"), LocalDate.parse("2024-04-15"))));
        assertThat(atOne.deferred()).containsOnlyKeys(pair("usd-coin", "2024-04-16"));
    }

    @Test
    void nothingNeededCostsNothing() {
        RatePlan plan = new RatePlanner(CoinGeckoPlan.DEMO).plan(List.of(), NOON);

        assertThat(plan.calls()).isZero();
        assertThat(plan.pending()).isZero();
    }
}
