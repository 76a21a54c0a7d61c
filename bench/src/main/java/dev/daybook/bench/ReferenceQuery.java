package dev.daybook.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Daybook's aggregation as one DuckDB SQL query over the same files, the yardstick of the benchmark: a
 * columnar engine doing the whole job in one batch, on every core.
 *
 * <p>It mirrors the decoder and the topology: every column read as text; copies of a row counted once
 * ({@code DISTINCT} over the whole row, as Daybook's event id is a hash of the row); only {@code BUY_ITEMS}
 * and {@code SELL_ITEMS}; the UTC day from {@code ts}; the currency by chain id and lower-cased address; the
 * raw amount when there is one, else the decimal amount; a transaction whose token or rate is missing counted
 * as unpriced. Money stays exact: amounts in base units as HUGEINT times the rate in millionths (rates.csv
 * has six decimals) times 10^(18 - decimals), summed as HUGEINT, so the volume is an integer number of
 * 10^-24 dollars.
 */
final class ReferenceQuery {

    /** The scale of the query's volumes: 18 decimals of the amounts, 6 of the rates. */
    static final int VOLUME_SCALE = 24;

    private static final String SQL = """
            WITH raw AS (
              SELECT DISTINCT * FROM read_csv('%1$s', header = true, all_varchar = true, quote = '"', escape = '"')
            ), tx AS (
              SELECT CAST(substr(ts, 1, 10) AS DATE) AS day, project_id,
                     CAST(json_extract_string(props, '$.chainId') AS BIGINT) AS chain_id,
                     lower(json_extract_string(props, '$.currencyAddress')) AS address,
                     NULLIF(json_extract_string(nums, '$.currencyValueRaw'), '') AS raw,
                     NULLIF(json_extract_string(nums, '$.currencyValueDecimal'), '') AS dec
              FROM raw WHERE event IN ('BUY_ITEMS', 'SELL_ITEMS')
            ), tokens AS (
              SELECT CAST(chain_id AS BIGINT) AS chain_id, lower(address) AS address, coin_id,
                     CAST(pow(10, CAST(decimals AS INTEGER)) AS HUGEINT) AS unit,
                     CAST(pow(10, 18 - CAST(decimals AS INTEGER)) AS HUGEINT) AS to_e18
              FROM read_csv('%2$s', header = true, all_varchar = true)
            ), rates AS (
              SELECT CAST(date AS DATE) AS day, coin_id, CAST(CAST(usd AS DECIMAL(18, 6)) * 1000000 AS HUGEINT) AS usd_e6
              FROM read_csv('%3$s', header = true, all_varchar = true)
            )
            SELECT CAST(t.day AS VARCHAR) AS day, t.project_id, count(*) AS num_transactions,
                   CAST(sum(CASE WHEN r.usd_e6 IS NULL THEN 0
                            ELSE (CASE WHEN t.raw IS NOT NULL THEN CAST(t.raw AS HUGEINT)
                                       ELSE CAST(CAST(t.dec AS DECIMAL(38, 18)) * k.unit AS HUGEINT) END)
                                 * k.to_e18 * r.usd_e6 END) AS VARCHAR) AS usd_e24,
                   count(*) FILTER (WHERE r.usd_e6 IS NULL) AS unpriced
            FROM tx t
            LEFT JOIN tokens k ON t.chain_id = k.chain_id AND t.address = k.address
            LEFT JOIN rates r ON r.coin_id = k.coin_id AND r.day = t.day
            GROUP BY t.day, t.project_id
            """;

    /** One row of the reference table; {@code volumeUsd} is exact. */
    record Row(long numTransactions, BigDecimal volumeUsd, long unpricedTransactions) {}

    /** The table keyed {@code YYYY-MM-DD:project_id}, and how long the query took. */
    record Result(Map<String, Row> table, Duration elapsed) {}

    private ReferenceQuery() {}

    static String sql(BenchData.Layout data) {
        return SQL.formatted(literal(data.events().resolve("*.csv")), literal(data.tokens()), literal(data.rates()));
    }

    /** Runs the query in a new in-memory DuckDB, timing the query alone (connecting is not counted). */
    static Result run(BenchData.Layout data) throws SQLException {
        Map<String, Row> table = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(sql(data))) {
                while (rows.next()) {
                    table.put(
                            rows.getString(1) + ":" + rows.getString(2),
                            new Row(
                                    rows.getLong(3),
                                    new BigDecimal(new BigInteger(rows.getString(4)), VOLUME_SCALE),
                                    rows.getLong(5)));
                }
            }
            return new Result(table, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static String literal(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }
}
