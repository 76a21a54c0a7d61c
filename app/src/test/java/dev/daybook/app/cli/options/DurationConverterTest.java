package dev.daybook.app.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheShortFormAndIso8601() {
        assertThat(converter.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(converter.convert("0s")).isEqualTo(Duration.ZERO);
        assertThat(converter.convert("PT0.2S")).isEqualTo(Duration.ofMillis(200));
        assertThat(converter.convert("P30D")).isEqualTo(Duration.ofDays(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "-PT1S", "PT-1S", "soon", "", "5 minutes", "1.5s"})
    void refusesNegativesAndGarbageSayingWhatIsAccepted(String value) {
        assertThatThrownBy(() -> converter.convert(value))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + value
                        + "' is not a duration: use e.g. 200ms, 10s, 5m, 1h, 2d or ISO-8601 PT0.2S, not negative");
    }
}
