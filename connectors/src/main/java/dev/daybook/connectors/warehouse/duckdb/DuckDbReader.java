package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.check.Discrepancy;
import dev.daybook.connectors.warehouse.check.WarehouseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/** Reads a DuckDB warehouse file for {@code daybook check}, opened read-only: the model tables are in its main schema. */
public final class DuckDbReader implements WarehouseReader {

    private final Path file;
    private final Connection connection;

    private DuckDbReader(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** @throws WarehouseException when the file is missing, held by a writer or not a DuckDB database */
    public static DuckDbReader open(Path file) throws WarehouseException {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new WarehouseException("no DuckDB file " + absolute, false, null);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try {
            return new DuckDbReader(absolute, DriverManager.getConnection("jdbc:duckdb:" + absolute, readOnly));
        } catch (SQLException e) {
            throw DuckDbWarehouse.failure(absolute, "cannot open " + absolute, e);
        }
    }

    @Override
    public String name() {
        return "duckdb:" + file;
    }

    @Override
    public String sqlName(String table) {
        return '"' + table + '"';
    }

    @Override
    public List<String> missing(List<String> tables) throws WarehouseException {
        Set<String> present = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")) {
            while (rows.next()) {
                present.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw DuckDbWarehouse.failure(file, "cannot list the tables of " + file, e);
        }
        return tables.stream().filter(table -> !present.contains(table)).toList();
    }

    @Override
    public List<Discrepancy> discrepancies(String check, String sql) throws WarehouseException {
        List<Discrepancy> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                found.add(new Discrepancy(
                        check,
                        rows.getObject(1, LocalDate.class),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5)));
            }
        } catch (SQLException e) {
            throw DuckDbWarehouse.failure(file, "check " + check + " failed on " + file, e);
        }
        return found;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // read-only: nothing is pending
        }
    }
}
