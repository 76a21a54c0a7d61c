package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Sizes in bytes, plain or with a binary unit; 0 only where it turns a limit off. */
class ByteSizeConverterTest {

    @Test
    void aSizeIsPlainBytesOrABinaryUnit() {
        ByteSizeConverter converter = new ByteSizeConverter();

        assertThat(converter.convert("1048576")).isEqualTo(1L << 20);
        assertThat(converter.convert("512KiB")).isEqualTo(512L << 10);
        assertThat(converter.convert(" 64 mib ")).isEqualTo(64L << 20);
        assertThat(converter.convert("10GiB")).isEqualTo(10L << 30);
        assertThat(converter.convert("1TiB")).isEqualTo(1L << 40);
    }

    @Test
    void zeroNegativeOverflowingAndDecimalUnitsAreRefused() {
        ByteSizeConverter converter = new ByteSizeConverter();

        for (String wrong : new String[] {"0", "0MiB", "-1", "10GB", "1.5GiB", "9999999TiB", ""}) {
            assertThatThrownBy(() -> converter.convert(wrong))
                    .as(wrong)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + wrong + "' is not a positive size like 1048576, 64MiB or 10GiB");
        }
    }

    @Test
    void aLimitThatZeroTurnsOffTakesZeroAndRefusesTheRest() {
        ByteSizeConverter.OrZero converter = new ByteSizeConverter.OrZero();

        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("0MiB")).isZero();
        assertThat(converter.convert("64MiB")).isEqualTo(64L << 20);
        assertThatThrownBy(() -> converter.convert("-1"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'-1' is not a size like 0, 1048576, 64MiB or 10GiB");
    }
}
