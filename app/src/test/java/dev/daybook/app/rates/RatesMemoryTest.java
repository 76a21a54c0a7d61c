package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import dev.daybook.schemas.Keys;
import dev.daybook.schemas.Token;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** What the rates service decides to do from what it knows. */
class RatesMemoryTest {

    private static final Instant NOW = Instant.parse("2024-04-20T12:00:00Z");
    private static final LocalDate D13 = LocalDate.parse("2024-04-13");
    private static final LocalDate D14 = LocalDate.parse("2024-04-14");
    private static final Currency USDC_POLYGON = new Currency(137, "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359");
    private static final Currency USDC_AVALANCHE = new Currency(43114, "0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e");
    private static final Token USDC = new Token("USDC", 6, "usd-coin");

    private final RatesMemory memory = new RatesMemory(Duration.ofDays(30));

    @Test
    void aCurrencyWithoutTokenIsResolvedBeforeItsDaysArePriced() {
        assertThat(memory.need(need(USDC_POLYGON, D13))).isTrue();
        assertThat(memory.need(need(USDC_POLYGON, D13))).isFalse();

        assertThat(memory.currenciesToResolve(NOW)).containsExactly(USDC_POLYGON);
        assertThat(memory.ratesToFetch(NOW)).isEmpty();
        assertThat(memory.pendingCurrencies(NOW)).isEqualTo(1);

        memory.token(USDC_POLYGON.tokenKey(), USDC);

        assertThat(memory.currenciesToResolve(NOW)).isEmpty();
        assertThat(memory.ratesToFetch(NOW)).containsExactly(new CoinDay("usd-coin", D13));
    }

    @Test
    void twoCurrenciesOfOneCoinNeedItsRateOnce() {
        memory.need(need(USDC_POLYGON, D13));
        memory.need(need(USDC_AVALANCHE, D13));
        memory.need(need(USDC_AVALANCHE, D14));
        memory.token(USDC_POLYGON.tokenKey(), USDC);
        memory.token(USDC_AVALANCHE.tokenKey(), USDC);

        assertThat(memory.ratesToFetch(NOW))
                .containsExactly(new CoinDay("usd-coin", D13), new CoinDay("usd-coin", D14));
        assertThat(memory.pendingRates(NOW)).isEqualTo(2);
    }

    @Test
    void aRateInTheTopicIsNeverFetchedUntilItIsDeleted() {
        memory.need(need(USDC_POLYGON, D13));
        memory.token(USDC_POLYGON.tokenKey(), USDC);
        memory.rate(Keys.rate("usd-coin", D13), true);

        assertThat(memory.ratesToFetch(NOW)).isEmpty();
        assertThat(memory.pendingRates(NOW)).isZero();

        memory.rate(Keys.rate("usd-coin", D13), false);

        assertThat(memory.ratesToFetch(NOW)).containsExactly(new CoinDay("usd-coin", D13));
    }

    @Test
    void verdictsHoldForTheRecheckIntervalOrUntilDeleted() {
        memory.need(need(USDC_POLYGON, D13));
        NeedsRecord.UnknownCurrency unknown =
                new NeedsRecord.UnknownCurrency(137, USDC_POLYGON.address(), "USDC", "unknown", NOW);
        memory.needsRecord(unknown.key(), unknown);

        assertThat(memory.currenciesToResolve(NOW.plus(Duration.ofDays(30)).minusMillis(1)))
                .isEmpty();
        assertThat(memory.pendingCurrencies(NOW)).isZero();
        assertThat(memory.currenciesToResolve(NOW.plus(Duration.ofDays(30)))).containsExactly(USDC_POLYGON);
        assertThat(memory.nextDue(NOW)).contains(NOW.plus(Duration.ofDays(30)));

        memory.token(USDC_POLYGON.tokenKey(), USDC);
        NeedsRecord.NoRate noRate = new NeedsRecord.NoRate("usd-coin", D13, "no price", NOW);
        memory.needsRecord(noRate.key(), noRate);

        assertThat(memory.ratesToFetch(NOW.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(memory.pendingRates(NOW)).isZero();

        memory.needsRecord(noRate.key(), null);

        assertThat(memory.ratesToFetch(NOW)).containsExactly(new CoinDay("usd-coin", D13));
    }

    @Test
    void aDeferredDayWaitsUntilItsTime() {
        memory.need(need(USDC_POLYGON, D13));
        memory.token(USDC_POLYGON.tokenKey(), USDC);
        Instant later = NOW.plus(Duration.ofHours(1));
        memory.defer(new CoinDay("usd-coin", D13), later);

        assertThat(memory.ratesToFetch(NOW)).isEmpty();
        assertThat(memory.pendingRates(NOW)).isEqualTo(1);
        assertThat(memory.deferredRates(NOW)).isEqualTo(1);
        assertThat(memory.nextDue(NOW)).contains(later);
        assertThat(memory.ratesToFetch(later)).containsExactly(new CoinDay("usd-coin", D13));

        memory.priced(new CoinDay("usd-coin", D13));

        assertThat(memory.pendingRates(later)).isZero();
        assertThat(memory.nextDue(NOW)).isEmpty();
    }

    @Test
    void aDayBeyondThePlanIsReportedOnceAndLeftAlone() {
        memory.need(need(USDC_POLYGON, D13));
        memory.token(USDC_POLYGON.tokenKey(), USDC);

        assertThat(memory.beyondPlan(new CoinDay("usd-coin", D13))).isTrue();
        assertThat(memory.beyondPlan(new CoinDay("usd-coin", D13))).isFalse();
        assertThat(memory.ratesToFetch(NOW)).isEmpty();
        assertThat(memory.pendingRates(NOW)).isZero();
    }

    @Test
    void aChangedCoinOfACurrencyNeedsTheNewCoinsRates() {
        memory.need(need(USDC_POLYGON, D13));
        memory.token(USDC_POLYGON.tokenKey(), USDC);
        memory.rate(Keys.rate("usd-coin", D13), true);
        memory.takeChanged();

        memory.token(USDC_POLYGON.tokenKey(), new Token("USDC", 6, "usdc-bridged"));

        assertThat(memory.takeChanged()).isTrue();
        assertThat(memory.takeChanged()).isFalse();
        assertThat(memory.ratesToFetch(NOW)).containsExactly(new CoinDay("usdc-bridged", D13));
    }

    @Test
    void theFirstSymbolOfACurrencyIsKept() {
        memory.need(new NeedsRecord.Need(137, "0x0000000000000000000000000000000000000000", D13, "MATIC"));
        memory.need(new NeedsRecord.Need(137, "0x0000000000000000000000000000000000000000", D14, "POL"));

        assertThat(memory.symbol(new Currency(137, "0x0000000000000000000000000000000000000000")))
                .isEqualTo("MATIC");
        assertThat(memory.daysNeeded(new Currency(137, "0x0000000000000000000000000000000000000000")))
                .isEqualTo(2);
    }

    private static NeedsRecord.Need need(Currency currency, LocalDate day) {
        return new NeedsRecord.Need(currency.chainId(), currency.address(), day, "USDC");
    }
}
