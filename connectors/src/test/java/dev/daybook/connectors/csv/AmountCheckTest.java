package dev.daybook.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AmountCheckTest {

    @Test
    void anExactlyScaledDecimalAgrees() {
        assertThat(AmountCheck.disagrees(
                        new BigInteger("613620341167824900"), new BigDecimal("0.6136203411678249"), 18))
                .isFalse();
        assertThat(AmountCheck.disagrees(BigInteger.ZERO, BigDecimal.ZERO, 6)).isFalse();
    }

    @Test
    void doubleRoundingNoiseInTheLastDigitsAgrees() {
        // From the real sample: the decimal was printed from a double.
        assertThat(AmountCheck.disagrees(
                        new BigInteger("364528625334421950"), new BigDecimal("0.36452862533442193"), 18))
                .isFalse();
    }

    @Test
    void anUnscaledDecimalDisagrees() {
        // Also from the real sample: the decimal value is the raw value, never scaled.
        assertThat(AmountCheck.disagrees(
                        new BigInteger("700000000000000000"), new BigDecimal("700000000000000000"), 18))
                .isTrue();
        assertThat(AmountCheck.disagrees(new BigInteger("1800000"), new BigDecimal("1800000"), 6))
                .isTrue();
    }

    @Test
    void aDifferenceAboveTheToleranceDisagrees() {
        assertThat(AmountCheck.disagrees(new BigInteger("1000000000"), new BigDecimal("1000.000002"), 6))
                .isTrue();
        assertThat(AmountCheck.disagrees(new BigInteger("1000000000"), new BigDecimal("1000.0000000001"), 6))
                .isFalse();
        assertThat(AmountCheck.disagrees(BigInteger.ZERO, new BigDecimal("0.000001"), 6))
                .isTrue();
    }

    @Test
    void aRelativeDifferenceOfExactlyTheToleranceStillAgreesAndAnyMoreDisagrees() {
        BigInteger one = BigInteger.TEN.pow(18);
        assertThat(AmountCheck.disagrees(one, new BigDecimal("0.999999999"), 18))
                .isFalse();
        assertThat(AmountCheck.disagrees(one, new BigDecimal("0.999999998999999999"), 18))
                .isTrue();
        // Relative to the larger of the two: 1.0000000005e-9 above 1 is within 1e-9 of 1.0000000010000000005.
        assertThat(AmountCheck.disagrees(one, new BigDecimal("1.0000000010000000005"), 18))
                .isFalse();
        assertThat(AmountCheck.disagrees(one, new BigDecimal("1.000000001000000002"), 18))
                .isTrue();
    }

    @Test
    void theDecimalsDecideWhichRawAmountAgrees() {
        BigDecimal declared = new BigDecimal("1.5");
        assertThat(AmountCheck.disagrees(new BigInteger("1500000"), declared, 6))
                .isFalse();
        assertThat(AmountCheck.disagrees(new BigInteger("1500000"), declared, 18))
                .isTrue();
        assertThat(AmountCheck.disagrees(new BigInteger("1500000000000000000"), declared, 18))
                .isFalse();
    }
}
