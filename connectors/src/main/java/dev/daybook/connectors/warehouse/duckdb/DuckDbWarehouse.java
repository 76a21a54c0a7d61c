package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyVolume;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code --warehouse duckdb:PATH}: the daily-volume table in a DuckDB file, with the columns of
 * {@code schemas/bigquery/daily_volume.sql} and a primary key on (date, project_id). A row is replaced
 * only by a row of higher version, so replaying older daily-volume records never goes back in time.
 *
 * <p>DuckDB lets one process write a file at a time: the warehouse holds its connection from
 * {@link #prepare()} to {@link #close()}, and {@link #read()} reads through it.
 */
public final class DuckDbWarehouse implements Warehouse {

    public static final String TABLE = "daily_volume";

    /** Name and DuckDB type of each column, in order. */
    static final List<String> COLUMNS = List.of(
            "date DATE",
            "project_id VARCHAR",
            "num_transactions BIGINT",
            "total_volume_usd DOUBLE",
            "unpriced_transactions BIGINT",
            "updated_at TIMESTAMP",
            "version BIGINT");

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + String.join(" NOT NULL, ", COLUMNS) + " NOT NULL, PRIMARY KEY (date, project_id))";

    /** Rows of the batch being written, appended in bulk; private to the connection. */
    private static final String STAGING = "daily_volume_batch";

    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS " + STAGING + " (" + String.join(", ", COLUMNS) + ")";

    private static final String MERGE = "INSERT INTO " + TABLE
            + " SELECT * FROM " + STAGING
            + " QUALIFY row_number() OVER (PARTITION BY date, project_id ORDER BY version DESC) = 1"
            + " ON CONFLICT (date, project_id) DO UPDATE SET"
            + " num_transactions = excluded.num_transactions,"
            + " total_volume_usd = excluded.total_volume_usd,"
            + " unpriced_transactions = excluded.unpriced_transactions,"
            + " updated_at = excluded.updated_at,"
            + " version = excluded.version"
            + " WHERE excluded.version > " + TABLE + ".version";

    private static final String SELECT = "SELECT date, project_id, num_transactions, total_volume_usd,"
            + " unpriced_transactions, version FROM " + TABLE + " ORDER BY date, project_id";

    /** DuckDB's errors about the values of a row rather than the database. */
    private static final List<String> ROW_ERRORS =
            List.of("Constraint Error", "Conversion Error", "Out of Range Error", "Invalid Input Error");

    private static final String LOCKED = "Could not set lock on file";
    private static final Pattern HOLDER_PID = Pattern.compile("\\(PID (\\d+)\\)");

    private final Path file;
    private final Clock clock;
    private Connection connection;

    public DuckDbWarehouse(Path file) {
        this(file, Clock.systemUTC());
    }

    /** @param clock gives {@code updated_at} */
    public DuckDbWarehouse(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void prepare() throws WarehouseException {
        if (connection != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new WarehouseException("cannot create the directory of " + file + ": " + e.getMessage(), false, e);
        }
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE);
                statement.execute(CREATE_STAGING);
            }
            checkColumns();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            close();
            throw failure("cannot open " + file, e);
        } catch (WarehouseException e) {
            close();
            throw e;
        }
    }

    private void checkColumns() throws SQLException, WarehouseException {
        List<String> actual = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type"
                + " FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, TABLE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    actual.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
        }
        if (!actual.equals(COLUMNS)) {
            throw new WarehouseException(
                    "table " + TABLE + " in " + file + " has columns " + actual + " but Daybook needs " + COLUMNS
                            + ": move the file away or drop the table",
                    false,
                    null);
        }
    }

    @Override
    public synchronized void upsert(List<DailyVolume> batch) throws WarehouseException {
        requireOpen();
        LocalDateTime updatedAt =
                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + STAGING);
            try (DuckDBAppender appender =
                    connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", STAGING)) {
                for (DailyVolume row : batch) {
                    appender.beginRow()
                            .append(row.date())
                            .append(row.projectId())
                            .append(row.numTransactions())
                            .append(row.totalVolumeUsd().doubleValue())
                            .append(row.unpricedTransactions())
                            .append(updatedAt)
                            .append(row.version())
                            .endRow();
                }
            }
            statement.execute(MERGE);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot upsert " + batch.size() + " rows into " + file, e);
        }
    }

    @Override
    public synchronized void clear() throws WarehouseException {
        requireOpen();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + TABLE);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot clear " + TABLE + " in " + file, e);
        }
    }

    /**
     * The table, sorted by date then project_id. {@code total_volume_usd} is stored as a DOUBLE, so it
     * comes back as the shortest decimal that denotes that double, without trailing zeros.
     */
    public synchronized List<DailyVolume> read() throws WarehouseException {
        requireOpen();
        List<DailyVolume> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(SELECT)) {
            while (result.next()) {
                rows.add(new DailyVolume(
                        result.getObject(1, LocalDate.class),
                        result.getString(2),
                        result.getLong(3),
                        shortestDecimal(result.getDouble(4)),
                        result.getLong(5),
                        result.getLong(6)));
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot read " + TABLE + " from " + file, e);
        }
        return rows;
    }

    private static BigDecimal shortestDecimal(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }

    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is pending: every upsert committed or rolled back.
        }
        connection = null;
    }

    private void requireOpen() {
        if (connection == null) {
            throw new IllegalStateException("the DuckDB warehouse " + file + " is not prepared");
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the next upsert reports it.
        }
    }

    /**
     * DuckDB names the kind of error first. I/O trouble ("IO Error", e.g. a full disk) may pass, except a
     * file another process holds locked, which needs the user. Errors about the values written (a
     * constraint, a conversion, a value out of range) refuse those rows only. Anything else (a wrong
     * schema, a closed database) fails the same way for every row.
     */
    private WarehouseException failure(String what, SQLException e) {
        return failure(file, what, e);
    }

    static WarehouseException failure(Path file, String what, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(LOCKED)) {
            Matcher pid = HOLDER_PID.matcher(message);
            String holder = pid.find() ? " (PID " + pid.group(1) + ")" : "";
            return new WarehouseException(
                    "the DuckDB file " + file + " is in use by another process" + holder
                            + ": stop that process (another daybook run or sink, or a duckdb shell) or point --warehouse at another file",
                    false,
                    e);
        }
        if (ROW_ERRORS.stream().anyMatch(message::startsWith)) {
            return WarehouseException.rowsRefused(what + ": " + message, e);
        }
        return new WarehouseException(what + ": " + message, message.startsWith("IO Error"), e);
    }
}
