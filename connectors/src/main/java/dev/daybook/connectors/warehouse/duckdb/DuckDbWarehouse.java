package dev.daybook.connectors.warehouse.duckdb;

import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.schemas.DailyCurrencyVolume;
import dev.daybook.schemas.DailyVolume;
import dev.daybook.schemas.Transaction;
import dev.daybook.schemas.warehouse.CoinDaily;
import dev.daybook.schemas.warehouse.DateRow;
import dev.daybook.schemas.warehouse.TokenRow;
import dev.daybook.schemas.warehouse.WarehouseTable;
import dev.daybook.schemas.warehouse.WarehouseViews;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code --warehouse duckdb:PATH}: the warehouse model's tables in a DuckDB file, each as
 * {@code schemas/duckdb/<table>.sql} creates it, with a primary key. A batch is appended to a temporary table and
 * merged in one transaction ({@link DuckDbTables#merge}): an event id or a date is inserted once, a row of
 * {@code daily_volume} or {@code daily_currency_volume} is replaced only by a row of higher version, so replaying
 * older records never goes back in time, and a reference row ({@code coin_daily}, {@code tokens}) by the newest.
 * The views of {@code schemas/duckdb/views} are created after the tables ({@link WarehouseViews}).
 *
 * <p>DuckDB lets one process write a file at a time: the warehouse holds its connection from
 * {@link #prepare()} to {@link #close()}, and {@link #read()} reads through it.
 */
public final class DuckDbWarehouse implements Warehouse {

    public static final String TABLE = WarehouseTable.DAILY_VOLUME.tableName();

    private static final String SELECT = "SELECT date, project_id, num_transactions, total_volume_usd,"
            + " unpriced_transactions, version FROM " + TABLE + " ORDER BY date, project_id";

    /** DuckDB's errors about the values of a row rather than the database. */
    private static final List<String> ROW_ERRORS =
            List.of("Constraint Error", "Conversion Error", "Out of Range Error", "Invalid Input Error");

    /**
     * DuckDB checkpoints once its write-ahead log passes this size. Its default (16MB) checkpoints every few
     * batches of the raw layer, each time recompressing the table's last row group: most of the sink's CPU.
     */
    private static final String CHECKPOINT_THRESHOLD = "256MB";

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
                statement.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
                for (WarehouseTable table : tables()) {
                    statement.execute(DuckDbTables.create(table));
                    statement.execute(DuckDbTables.createExpected(table));
                    DuckDbColumnCheck.check(connection, file, table);
                    statement.execute(DuckDbTables.createStaging(table));
                }
                Map<WarehouseTable, String> names = new EnumMap<>(WarehouseTable.class);
                tables().forEach(table -> names.put(table, table.tableName()));
                for (Map.Entry<String, String> view :
                        WarehouseViews.of("duckdb").entrySet()) {
                    statement.execute(WarehouseViews.fill(view.getValue(), view.getKey(), names));
                }
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            close();
            throw failure("cannot open " + file, e);
        } catch (WarehouseException e) {
            close();
            throw e;
        }
    }

    @Override
    public Set<WarehouseTable> tables() {
        return EnumSet.allOf(WarehouseTable.class);
    }

    @Override
    public void upsert(List<DailyVolume> batch) throws WarehouseException {
        LocalDateTime updatedAt = DuckDbRows.utc(clock.instant());
        write(WarehouseTable.DAILY_VOLUME, batch, row -> DuckDbRows.dailyVolume(row, updatedAt));
    }

    @Override
    public void insertTransactions(List<Transaction> batch) throws WarehouseException {
        write(WarehouseTable.TRANSACTIONS, batch, DuckDbRows::transaction);
    }

    @Override
    public void upsertDailyCurrencyVolume(List<DailyCurrencyVolume> batch) throws WarehouseException {
        LocalDateTime updatedAt = DuckDbRows.utc(clock.instant());
        write(WarehouseTable.DAILY_CURRENCY_VOLUME, batch, row -> DuckDbRows.dailyCurrencyVolume(row, updatedAt));
    }

    @Override
    public void upsertCoinDaily(List<CoinDaily> batch) throws WarehouseException {
        LocalDateTime updatedAt = DuckDbRows.utc(clock.instant());
        write(WarehouseTable.COIN_DAILY, batch, row -> DuckDbRows.coinDaily(row, updatedAt));
    }

    @Override
    public void upsertTokens(List<TokenRow> batch) throws WarehouseException {
        LocalDateTime updatedAt = DuckDbRows.utc(clock.instant());
        write(WarehouseTable.TOKENS, batch, row -> DuckDbRows.token(row, updatedAt));
    }

    @Override
    public void insertDates(List<DateRow> batch) throws WarehouseException {
        write(WarehouseTable.DATES, batch, DuckDbRows::date);
    }

    /** Appends the batch to the table's staging table and merges it, in one transaction. */
    private synchronized <R> void write(WarehouseTable table, List<R> batch, Function<R, Object[]> values)
            throws WarehouseException {
        requireOpen();
        String staging = DuckDbTables.staging(table);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + staging);
            try (DuckDBAppender appender =
                    connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", staging)) {
                for (R row : batch) {
                    appender.beginRow();
                    for (Object value : values.apply(row)) {
                        append(appender, value);
                    }
                    appender.endRow();
                }
            }
            statement.execute(DuckDbTables.merge(table));
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot write " + batch.size() + " rows to " + table.tableName() + " in " + file, e);
        }
    }

    private static void append(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof String text) {
            appender.append(text);
        } else if (value instanceof Long number) {
            appender.append(number.longValue());
        } else if (value instanceof Double number) {
            appender.append(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            appender.append(flag.booleanValue());
        } else if (value instanceof LocalDate date) {
            appender.append(date);
        } else if (value instanceof LocalDateTime time) {
            appender.append(time);
        } else {
            throw new IllegalArgumentException(
                    "no DuckDB column takes a " + value.getClass().getName());
        }
    }

    @Override
    public synchronized void clear() throws WarehouseException {
        requireOpen();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + TABLE);
            statement.execute("DELETE FROM " + WarehouseTable.DAILY_CURRENCY_VOLUME.tableName());
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot clear " + TABLE + " and its currency rows in " + file, e);
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
