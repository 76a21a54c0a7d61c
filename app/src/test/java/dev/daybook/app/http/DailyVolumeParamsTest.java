package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.topology.DailyVolumeQuery;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DailyVolumeParamsTest {

    @Test
    void everyParameterIsOptional() throws BadRequestException {
        assertThat(DailyVolumeParams.parse(Map.of())).isEqualTo(DailyVolumeQuery.all());
        assertThat(DailyVolumeParams.parse(Map.of("project_id", List.of("4974"), "from", List.of("2024-04-15"),
                "to", List.of("2024-04-15"))))
                .isEqualTo(new DailyVolumeQuery("4974", LocalDate.of(2024, 4, 15), LocalDate.of(2024, 4, 15)));
    }

    @Test
    void eachMistakeIsNamedWithWhatToDoInstead() {
        assertRejected(Map.of("day", List.of("2024-04-15")), "unknown parameter 'day': use project_id, from and to");
        assertRejected(Map.of("from", List.of("15/04/2024")), "from must be a date like 2024-04-15, not '15/04/2024'");
        assertRejected(Map.of("to", List.of("2024-4-1")), "to must be a date like 2024-04-15, not '2024-4-1'");
        assertRejected(Map.of("from", List.of("2024-05-01"), "to", List.of("2024-04-01")),
                "from 2024-05-01 is after to 2024-04-01: from must be on or before to");
        assertRejected(Map.of("project_id", List.of(" ")),
                "project_id must not be empty: leave it out to get every project");
        assertRejected(Map.of("project_id", List.of("a", "b")), "give project_id once, not 2 times");
    }

    @Test
    void forwardedPartitionsAreAListOfNumbers() throws BadRequestException {
        assertThat(DailyVolumeParams.partitions("3, 0,1")).containsExactly(0, 1, 3);
        assertThatThrownBy(() -> DailyVolumeParams.partitions("0,x")).isInstanceOf(BadRequestException.class)
                .hasMessage("Daybook-Partitions must list partition numbers like 0,3, not '0,x'");
        assertThatThrownBy(() -> DailyVolumeParams.partitions("-1")).isInstanceOf(BadRequestException.class);
    }

    private static void assertRejected(Map<String, List<String>> params, String message) {
        assertThatThrownBy(() -> DailyVolumeParams.parse(params)).isInstanceOf(BadRequestException.class)
                .hasMessage(message);
    }
}
