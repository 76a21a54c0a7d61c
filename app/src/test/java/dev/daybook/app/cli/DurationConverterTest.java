package dev.daybook.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsShortFormsAndIso8601() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> converter.convert("soon")).hasMessage("'soon' is not a duration (e.g. 500ms, 1s, 5m, 2h, 1d)");
        assertThatThrownBy(() -> converter.convert("1.5s")).hasMessage("'1.5s' is not a duration (e.g. 500ms, 1s, 5m, 2h, 1d)");
    }
}
