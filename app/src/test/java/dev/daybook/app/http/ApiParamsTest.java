package dev.daybook.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.app.topology.DailyVolumeQuery;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiParamsTest {

    private static final Endpoint<DailyVolumeRow> DAILY = new DailyVolumeEndpoint(null);
    private static final Endpoint<CurrencyVolumeRow> CURRENCY = new CurrencyVolumeEndpoint(null);

    @Test
    void everyParameterIsOptional() throws BadRequestException {
        assertThat(ApiParams.parse(Map.of())).isEqualTo(DailyVolumeQuery.all());
        assertThat(ApiParams.parse(Map.of(
                        "project_id", List.of("4974"), "from", List.of("2024-04-15"), "to", List.of("2024-04-15"))))
                .isEqualTo(new DailyVolumeQuery("4974", LocalDate.of(2024, 4, 15), LocalDate.of(2024, 4, 15)));
    }

    @Test
    void eachMistakeIsNamedWithWhatToDoInstead() {
        assertRejected(
                Map.of("day", List.of("2024-04-15")),
                "unknown parameter 'day': use project_id, from, to, limit and after");
        assertRejected(Map.of("from", List.of("15/04/2024")), "from must be a date like 2024-04-15, not '15/04/2024'");
        assertRejected(Map.of("to", List.of("2024-4-1")), "to must be a date like 2024-04-15, not '2024-4-1'");
        assertRejected(
                Map.of("from", List.of("2024-05-01"), "to", List.of("2024-04-01")),
                "from 2024-05-01 is after to 2024-04-01: from must be on or before to");
        assertRejected(
                Map.of("project_id", List.of(" ")), "project_id must not be empty: leave it out to get every project");
        assertRejected(Map.of("project_id", List.of("a", "b")), "give project_id once, not 2 times");
    }

    @Test
    void anAnswerHas10000RowsAtMostUnlessALimitUpTo100000IsGiven() throws BadRequestException {
        assertThat(ApiParams.page(Map.of(), DAILY)).isEqualTo(new Page(10_000, null));
        assertThat(ApiParams.page(Map.of("limit", List.of("100000"), "after", List.of("2024-04-15/a/b")), DAILY))
                .isEqualTo(new Page(100_000, List.of("2024-04-15", "a/b")));
        assertPageRejected(
                Map.of("limit", List.of("100001")), "limit must be a number of rows from 1 to 100000, not '100001'");
        assertPageRejected(Map.of("limit", List.of("0")), "limit must be a number of rows from 1 to 100000, not '0'");
        assertPageRejected(
                Map.of("limit", List.of("many")), "limit must be a number of rows from 1 to 100000, not 'many'");
        assertPageRejected(
                Map.of("after", List.of("2024-04-15")),
                "after must be the last row of the previous page as"
                        + " date/project_id, like 2024-04-15/4974, not '2024-04-15'; follow the Link header of the previous answer");
        assertPageRejected(
                Map.of("after", List.of("yesterday/4974")),
                "after must be the last row of the previous page as"
                        + " date/project_id, like 2024-04-15/4974, not 'yesterday/4974'; follow the Link header of the previous answer");
    }

    @Test
    void aCurrencyVolumeCursorIsDateProjectChainAndAddressWhereOnlyTheProjectMayHoldSlashes()
            throws BadRequestException {
        assertThat(ApiParams.page(Map.of("after", List.of("2024-04-15/a/b/137/0xab")), CURRENCY))
                .isEqualTo(new Page(10_000, List.of("2024-04-15", "a/b", "137", "0xab")));
        for (String wrong : List.of(
                "2024-04-15/4974/0xab",
                "2024-04-15/4974/polygon/0xab",
                "2024-04-15/4974/137/",
                "2024-04-15//137/0xab",
                "yesterday/4974/137/0xab")) {
            assertThatThrownBy(() -> ApiParams.page(Map.of("after", List.of(wrong)), CURRENCY))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessage("after must be the last row of the previous page as"
                            + " date/project_id/chain_id/currency_address, like"
                            + " 2024-04-15/4974/137/0xd1f9c58e33933a993a3891f8acfe05a68e1afc05, not '" + wrong
                            + "'; follow the Link header of the previous answer");
        }
    }

    @Test
    void theQueryStringOfAPageRepeatsTheQueryAndEncodesTheCursor() {
        Page page = new Page(5, List.of("2024-04-15", "a b&c"));

        assertThat(ApiParams.queryParameters(new DailyVolumeQuery("x&y", LocalDate.of(2024, 4, 1), null), page))
                .isEqualTo("project_id=x%26y&from=2024-04-01&limit=5&after=2024-04-15%2Fa+b%26c");
    }

    private static void assertPageRejected(Map<String, List<String>> params, String message) {
        assertThatThrownBy(() -> ApiParams.page(params, DAILY))
                .isInstanceOf(BadRequestException.class)
                .hasMessage(message);
    }

    @Test
    void forwardedPartitionsAreAListOfNumbers() throws BadRequestException {
        assertThat(ApiParams.partitions("3, 0,1")).containsExactly(0, 1, 3);
        assertThatThrownBy(() -> ApiParams.partitions("0,x"))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("Daybook-Partitions must list partition numbers like 0,3, not '0,x'");
        assertThatThrownBy(() -> ApiParams.partitions("-1")).isInstanceOf(BadRequestException.class);
    }

    private static void assertRejected(Map<String, List<String>> params, String message) {
        assertThatThrownBy(() -> ApiParams.parse(params))
                .isInstanceOf(BadRequestException.class)
                .hasMessage(message);
    }
}
