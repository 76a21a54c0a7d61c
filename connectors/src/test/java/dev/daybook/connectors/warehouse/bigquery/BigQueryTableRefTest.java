package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BigQueryTableRefTest {

    @Test
    void parsesProjectDatasetAndTable() {
        assertThat(BigQueryTableRef.parse("my-project.analytics.daily"))
                .isEqualTo(new BigQueryTableRef("my-project", "analytics", "daily"));
    }

    @Test
    void aProjectAloneGetsTheSeedsDatasetAndTable() {
        BigQueryTableRef table = BigQueryTableRef.parse("my-project");

        assertThat(table).isEqualTo(new BigQueryTableRef("my-project", "sequence", "sample_data"));
        assertThat(table.sql()).isEqualTo("`my-project.sequence.sample_data`");
    }

    @Test
    void aDomainScopedProjectKeepsItsDots() {
        assertThat(BigQueryTableRef.parse("example.com:my-project.analytics.daily"))
                .isEqualTo(new BigQueryTableRef("example.com:my-project", "analytics", "daily"));
    }

    @Test
    void rejectsWhatIsNotATableOrCouldBreakOutOfTheQuotedName() {
        assertThatThrownBy(() -> BigQueryTableRef.parse("my-project.analytics"))
                .hasMessage("expected PROJECT.DATASET.TABLE or PROJECT, was 'my-project.analytics'");
        assertThatThrownBy(() -> BigQueryTableRef.parse("my-project.analytics.daily` WHERE 1=1 --"))
                .hasMessageContaining("not a valid BigQuery table name");
        assertThatThrownBy(() -> BigQueryTableRef.parse("My_Project"))
                .hasMessage("not a valid BigQuery project name: 'My_Project'");
    }
}
