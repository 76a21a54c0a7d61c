package dev.daybook.connectors.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daybook.connectors.warehouse.WarehouseUri;
import org.junit.jupiter.api.Test;

class BigQueryTableRefTest {

    @Test
    void namesTheTableOfTheWarehouseUriForSql() {
        BigQueryTableRef table = BigQueryTableRef.of((WarehouseUri.BigQuery) WarehouseUri.parse("bigquery:my-project"));

        assertThat(table).isEqualTo(new BigQueryTableRef("my-project", "sequence", "sample_data"));
        assertThat(table.sql()).isEqualTo("`my-project.sequence.sample_data`");
        assertThat(table.sibling("sample_data_marketplace_daily").sql())
                .isEqualTo("`my-project.sequence.sample_data_marketplace_daily`");
    }

    @Test
    void acceptsADomainScopedProject() {
        assertThat(BigQueryTableRef.of(new WarehouseUri.BigQuery("example.com:my-project", "analytics", "daily"))
                        .sql())
                .isEqualTo("`example.com:my-project.analytics.daily`");
    }

    @Test
    void rejectsNamesThatCouldBreakOutOfTheQuotedName() {
        assertThatThrownBy(() -> BigQueryTableRef.of(
                        new WarehouseUri.BigQuery("my-project", "analytics", "daily` WHERE TRUE --")))
                .hasMessage("not a valid BigQuery table name: 'daily` WHERE TRUE --'");
        assertThatThrownBy(() -> new BigQueryTableRef("My_Project", "analytics", "daily"))
                .hasMessage("not a valid BigQuery project name: 'My_Project'");
        assertThatThrownBy(() -> new BigQueryTableRef("my-project", "ana-lytics", "daily"))
                .hasMessage("not a valid BigQuery dataset name: 'ana-lytics'");
    }
}
