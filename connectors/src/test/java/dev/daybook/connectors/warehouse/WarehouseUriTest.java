package dev.daybook.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WarehouseUriTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(WarehouseUri.parse("duckdb:/var/lib/daybook/daybook.duckdb"))
                .isEqualTo(new WarehouseUri.DuckDb(Path.of("/var/lib/daybook/daybook.duckdb")));
        assertThat(WarehouseUri.parse("print")).isEqualTo(new WarehouseUri.Print());
        assertThat(WarehouseUri.parse("bigquery:my-project.analytics.daily_volume"))
                .isEqualTo(new WarehouseUri.BigQuery("my-project", "analytics", "daily_volume"));
    }

    @Test
    void aBigQueryProjectAloneMeansTheSeedsTable() {
        assertThat(WarehouseUri.parse("bigquery:my-project"))
                .isEqualTo(new WarehouseUri.BigQuery("my-project", "sequence", "sample_data"));
    }

    @Test
    void keepsADomainScopedProjectWhole() {
        assertThat(WarehouseUri.parse("bigquery:example.com:proj.ds.t"))
                .isEqualTo(new WarehouseUri.BigQuery("example.com:proj", "ds", "t"));
    }

    @Test
    void makesDuckDbPathsAbsoluteAndExpandsHome() {
        assertThat(WarehouseUri.parse("duckdb:~/d.duckdb"))
                .isEqualTo(new WarehouseUri.DuckDb(Path.of(System.getProperty("user.home"), "d.duckdb")));
        assertThat(WarehouseUri.parse("duckdb:rel/d.duckdb").toString())
                .isEqualTo("duckdb:" + Path.of("rel/d.duckdb").toAbsolutePath());
    }

    @Test
    void rejectsUnknownOrIncompleteFormsInOneLine() {
        assertThatThrownBy(() -> WarehouseUri.parse("postgres://db/x"))
                .hasMessage(
                        "unknown warehouse 'postgres://db/x': use duckdb:PATH, bigquery:PROJECT.DATASET.TABLE or print");
        assertThatThrownBy(() -> WarehouseUri.parse("duckdb:"))
                .hasMessage("warehouse 'duckdb:' has no file: use duckdb:PATH");
        assertThatThrownBy(() -> WarehouseUri.parse("bigquery:proj.table"))
                .hasMessage(
                        "warehouse 'bigquery:proj.table' is not bigquery:PROJECT.DATASET.TABLE or bigquery:PROJECT");
        assertThatThrownBy(() -> WarehouseUri.parse("bigquery:p..t"))
                .hasMessage("warehouse 'bigquery:p..t' is not bigquery:PROJECT.DATASET.TABLE or bigquery:PROJECT");
        assertThatThrownBy(() -> WarehouseUri.parse("bigquery:"))
                .hasMessage("warehouse 'bigquery:' is not bigquery:PROJECT.DATASET.TABLE or bigquery:PROJECT");
    }
}
