package dev.daybook.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncludeFilterTest {

    @Test
    void defaultTakesCsvAndGzippedCsvAtAnyDepth() {
        IncludeFilter filter = IncludeFilter.defaults();

        assertThat(filter.matches("a.csv")).isTrue();
        assertThat(filter.matches("2024/04/15/a.csv")).isTrue();
        assertThat(filter.matches("2024/04/15/a.csv.gz")).isTrue();
        assertThat(filter.matches("a.csv.tmp")).isFalse();
        assertThat(filter.matches("a.gz")).isFalse();
        assertThat(filter.matches("README.md")).isFalse();
    }

    @Test
    void folderPlaceholdersAndEmptyNamesNeverMatch() {
        IncludeFilter everything = new IncludeFilter(List.of("*", "**"));

        assertThat(everything.matches("2024/")).isFalse();
        assertThat(everything.matches("")).isFalse();
    }

    @Test
    void patternWithSlashIsMatchedAgainstThePathBelowThePrefix() {
        IncludeFilter filter = new IncludeFilter(List.of("2024/*/*.csv"));

        assertThat(filter.matches("2024/04/a.csv")).isTrue();
        assertThat(filter.matches("2023/04/a.csv")).isFalse();
        assertThat(filter.matches("2024/04/15/a.csv")).isFalse();
    }

    @Test
    void noPatternIsAnError() {
        assertThatThrownBy(() -> new IncludeFilter(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
