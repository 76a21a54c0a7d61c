package dev.daybook.connectors.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daybook.connectors.testing.CheckModel;
import dev.daybook.schemas.warehouse.WarehouseTable;
import dev.daybook.schemas.warehouse.WarehouseViews;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each analysts' view of schemas/duckdb/views, created over the small model, shows what the model holds. */
class DuckDbViewsTest {

    @TempDir
    Path dir;

    @Test
    void everyViewRunsAndShowsTheModel() throws Exception {
        Path file = dir.resolve("daybook.duckdb");
        CheckModel.createDuckDb(file);
        Map<WarehouseTable, String> tables = new EnumMap<>(WarehouseTable.class);
        for (WarehouseTable table : WarehouseTable.values()) {
            tables.put(table, table.tableName());
        }
        Map<String, String> views = WarehouseViews.of("duckdb");
        for (Map.Entry<String, String> view : views.entrySet()) {
            if (!CheckModel.VIEWS.containsKey(view.getKey())) {
                continue; // a test view of another test
            }
            CheckModel.execute(file, WarehouseViews.fill(view.getValue(), view.getKey(), tables));
        }
        assertThat(views).containsKeys(CheckModel.VIEWS.keySet().toArray(String[]::new));

        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            for (String view : CheckModel.VIEWS.keySet()) {
                assertThat(rows(statement, view))
                        .as(view)
                        .containsExactlyInAnyOrderElementsOf(CheckModel.VIEWS.get(view));
            }
        }
    }

    private static List<String> rows(Statement statement, String view) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM " + view)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    values.add(result.getString(column));
                }
                rows.add(CheckModel.row(values));
            }
        }
        return rows;
    }
}
