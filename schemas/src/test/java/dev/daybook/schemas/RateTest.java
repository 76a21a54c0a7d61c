package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RateTest {

    private static Rate rate(String usd, String marketCap, String volume, String source) {
        return new Rate(
                new BigDecimal(usd),
                marketCap == null ? null : new BigDecimal(marketCap),
                volume == null ? null : new BigDecimal(volume),
                source);
    }

    @Test
    void theSameFiguresAtAnotherScaleOrFromAnotherSourceAreTheSame() {
        Rate rate = rate("0.1063", "48213337.5", "1234.5", "file:/a.csv");

        assertThat(rate.sameFiguresAs(rate("0.10630", "48213337.50", "1234.500", "file:/b.csv")))
                .isTrue();
        assertThat(rate("0.1063", null, null, "a").sameFiguresAs(rate("0.106300", null, null, "b")))
                .isTrue();
    }

    @Test
    void anotherPriceOrMarketDataGainedLostOrChangedIsNotTheSame() {
        Rate rate = rate("0.1063", "48213337.5", "1234.5", "file:/a.csv");

        assertThat(rate.sameFiguresAs(rate("0.1064", "48213337.5", "1234.5", "file:/a.csv")))
                .isFalse();
        assertThat(rate.sameFiguresAs(rate("0.1063", "48213337.6", "1234.5", "file:/a.csv")))
                .isFalse();
        assertThat(rate.sameFiguresAs(rate("0.1063", "48213337.5", "1234.4", "file:/a.csv")))
                .isFalse();
        assertThat(rate.sameFiguresAs(rate("0.1063", null, "1234.5", "file:/a.csv")))
                .isFalse();
        assertThat(rate("0.1063", null, null, "a").sameFiguresAs(rate)).isFalse();
    }

    @Test
    void noFigureMayBeNegative() {
        assertThatThrownBy(() -> rate("-0.1", null, null, "a")).hasMessageContaining("usd must not be negative");
        assertThatThrownBy(() -> rate("0.1", "-1", null, "a"))
                .hasMessageContaining("market_cap_usd must not be negative");
        assertThatThrownBy(() -> rate("0.1", null, "-1", "a"))
                .hasMessageContaining("volume_24h_usd must not be negative");
    }
}
