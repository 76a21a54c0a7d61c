package dev.daybook.app.rates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.rates.coingecko.CoinDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pass looks up at most {@code --rates-max-new-currencies} currencies and asks for each rate once. */
class RatesProgressTest {

    private static final Currency A = new Currency(137, "0xa");
    private static final Currency B = new Currency(137, "0xb");
    private static final Currency C = new Currency(137, "0xc");
    private static final Currency D = new Currency(137, "0xd");
    private static final Currency E = new Currency(137, "0xe");

    private final RatesProgress progress = new RatesProgress();

    @Test
    void aPassLooksUpAtMostTheCapAndCountsTheCurrenciesItLeaves() {
        assertThat(progress.currenciesToLookUp(List.of(A, B, C, D, E), 2)).containsExactly(A, B);
        assertThat(progress.currenciesLeft).isEqualTo(3);
        assertThat(progress.currenciesLookedUp()).isEqualTo(2);

        assertThat(progress.currenciesToLookUp(List.of(C, D, E), 2)).isEmpty();
        assertThat(progress.currenciesLeft).isEqualTo(3);
    }

    @Test
    void theCapCountsEveryRoundOfAPassAndACurrencyIsLookedUpOnce() {
        assertThat(progress.currenciesToLookUp(List.of(A), 3)).containsExactly(A);

        assertThat(progress.currenciesToLookUp(List.of(A, B, C, D), 3)).containsExactly(B, C);
        assertThat(progress.currenciesLeft).isEqualTo(1);
        assertThat(progress.currenciesLookedUp()).isEqualTo(3);
    }

    @Test
    void theNextPassLooksUpTheCurrenciesLeft() {
        progress.currenciesToLookUp(List.of(A, B, C), 2);

        RatesProgress next = new RatesProgress();

        assertThat(next.currenciesToLookUp(List.of(C), 2)).containsExactly(C);
        assertThat(next.currenciesLeft).isZero();
    }

    @Test
    void aRateIsAskedForOncePerPass() {
        CoinDay d13 = new CoinDay("sunflower-land", LocalDate.parse("2024-04-13"));
        CoinDay d14 = new CoinDay("sunflower-land", LocalDate.parse("2024-04-14"));
        List<CoinDay> first = new ArrayList<>(List.of(d13));
        progress.removeAsked(first);

        List<CoinDay> second = new ArrayList<>(List.of(d13, d14));
        progress.removeAsked(second);

        assertThat(first).containsExactly(d13);
        assertThat(second).containsExactly(d14);
    }
}
