package dev.daybook.connectors.csv;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Whether a row's {@code currencyValueDecimal} disagrees with its {@code currencyValueRaw}. Only the
 * currency's decimals make them comparable, so the decoder reports the decimal value and whoever
 * knows the decimals asks here.
 *
 * <p>Real Sequence files write the decimal value through a binary double: it differs from
 * {@code raw / 10^decimals} in the last digits (relative error around 1e-16) on about half the
 * rows. Those are not disagreements. A relative difference above {@link #TOLERANCE} is, such as a
 * decimal value that was never scaled (off by a factor 10^decimals), which real files also contain.
 */
public final class AmountCheck {

    /** Relative difference above which the two amounts disagree: far above double rounding noise. */
    public static final BigDecimal TOLERANCE = new BigDecimal("1E-9");

    private AmountCheck() {}

    public static boolean disagrees(BigInteger raw, BigDecimal decimal, int decimals) {
        BigDecimal scaled = new BigDecimal(raw, decimals);
        BigDecimal difference = scaled.subtract(decimal).abs();
        if (difference.signum() == 0) {
            return false;
        }
        return difference.compareTo(scaled.max(decimal).multiply(TOLERANCE)) > 0;
    }
}
