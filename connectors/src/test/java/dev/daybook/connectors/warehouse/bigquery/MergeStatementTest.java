package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.daybook.schemas.DailyVolume;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the emulator cannot show: how much of the table a MERGE may read, and that values stay out of the SQL. */
class MergeStatementTest {

    private static final BigQueryTableRef TABLE = new BigQueryTableRef("my-project", "sequence", "sample_data");

    @Test
    void theMergeReadsOnlyThePartitionsOfItsRowsDates() {
        QueryJobConfiguration merge = MergeStatement.of(
                TABLE,
                List.of(
                        volume(LocalDate.of(2024, 4, 16), "1"),
                        volume(LocalDate.of(2024, 4, 15), "2"),
                        volume(LocalDate.of(2024, 4, 16), "3")));

        assertThat(merge.getQuery())
                .contains("MERGE `my-project.sequence.sample_data` AS target")
                .contains("AND target.date IN (DATE '2024-04-15', DATE '2024-04-16')")
                .contains("WHEN MATCHED AND source.version > target.version THEN UPDATE SET");
    }

    @Test
    void rowValuesTravelAsTypedParametersNotAsSqlText() {
        DailyVolume row = new DailyVolume(LocalDate.of(2024, 4, 15), "x' OR TRUE --", 3, new BigDecimal("12.5"), 1, 7);

        QueryJobConfiguration merge = MergeStatement.of(TABLE, List.of(row));

        assertThat(merge.getQuery()).doesNotContain("x' OR TRUE");
        assertThat(merge.getNamedParameters())
                .containsOnly(
                        entry("date_0", QueryParameterValue.date("2024-04-15")),
                        entry("project_id_0", QueryParameterValue.string("x' OR TRUE --")),
                        entry("num_transactions_0", QueryParameterValue.int64(3L)),
                        entry("total_volume_usd_0", QueryParameterValue.float64(12.5)),
                        entry("unpriced_transactions_0", QueryParameterValue.int64(1L)),
                        entry("version_0", QueryParameterValue.int64(7L)));
    }

    @Test
    void aFullStatementStaysInsideBigQuerysQueryLimits() {
        List<DailyVolume> rows = new ArrayList<>();
        for (int i = 0; i < MergeStatement.MAX_ROWS; i++) {
            rows.add(volume(LocalDate.of(2024, 1, 1).plusDays(i), "project-" + i));
        }

        QueryJobConfiguration merge = MergeStatement.of(TABLE, rows);

        assertThat(merge.getNamedParameters())
                .hasSize(6 * MergeStatement.MAX_ROWS)
                .hasSizeLessThan(10_000);
        assertThat(merge.getQuery().length()).isLessThan(1024 * 1024);
    }

    @Test
    void refusesMoreRowsThanOneStatementTakes() {
        List<DailyVolume> rows =
                Collections.nCopies(MergeStatement.MAX_ROWS + 1, volume(LocalDate.of(2024, 4, 15), "1"));

        assertThatThrownBy(() -> MergeStatement.of(TABLE, rows)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MergeStatement.of(TABLE, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static DailyVolume volume(LocalDate date, String project) {
        return new DailyVolume(date, project, 1, BigDecimal.ONE, 0, 1);
    }
}
