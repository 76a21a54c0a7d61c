package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectNameFilterTest {

    @Test
    void theDefaultsTakeCsvAndGzippedCsvAtAnyDepth() {
        ObjectNameFilter filter = ObjectNameFilter.defaults();

        assertThat(filter.accepts("a.csv")).isTrue();
        assertThat(filter.accepts("2024/04/15/a.csv.gz")).isTrue();
        assertThat(filter.accepts("a.json")).isFalse();
        assertThat(filter.accepts("a.csv.gz.tmp")).isFalse();
    }

    @Test
    void hiddenAndPartialNamesAreNeverAccepted() {
        ObjectNameFilter everything = ObjectNameFilter.of(List.of("*", "**"));

        assertThat(everything.accepts("a")).isTrue();
        assertThat(everything.accepts(".a.csv")).isFalse();
        assertThat(everything.accepts("dir/.staging/a.csv")).isFalse();
        assertThat(everything.accepts("a.csv.tmp")).isFalse();
        assertThat(everything.accepts("a.csv.part")).isFalse();
        assertThat(everything.accepts("dir/")).isFalse();
    }

    @Test
    void globsWithASlashMatchTheWholeName() {
        ObjectNameFilter filter = ObjectNameFilter.parse("in/*.csv");

        assertThat(filter.accepts("in/a.csv")).isTrue();
        assertThat(filter.accepts("out/a.csv")).isFalse();
        assertThat(filter.accepts("in/deeper/a.csv")).isFalse();
    }

    @Test
    void rejectsAnEmptyList() {
        assertThatThrownBy(() -> ObjectNameFilter.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
    }
}
