package dev.daybook.app.sink;

import dev.daybook.app.cli.options.BigQueryOptions;
import dev.daybook.connectors.warehouse.PrintWarehouse;
import dev.daybook.connectors.warehouse.Warehouse;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.connectors.warehouse.bigquery.BigQueryReader;
import dev.daybook.connectors.warehouse.bigquery.BigQueryWarehouse;
import dev.daybook.connectors.warehouse.check.WarehouseReader;
import dev.daybook.connectors.warehouse.duckdb.DuckDbReader;
import dev.daybook.connectors.warehouse.duckdb.DuckDbWarehouse;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the daily-volume table goes; use as a picocli {@code @Mixin}. */
public final class WarehouseOptions {

    /** The DuckDB file in the state directory when no warehouse is configured. */
    public static final String DEFAULT_DUCKDB_FILE = "daybook.duckdb";

    @Option(
            names = "--warehouse",
            converter = UriConverter.class,
            paramLabel = "duckdb:PATH|bigquery:PROJECT.DATASET.TABLE|print",
            description = "Where the daily-volume table goes (default: duckdb:<state-dir>/" + DEFAULT_DUCKDB_FILE
                    + "). print writes the whole table as CSV to standard output.")
    WarehouseUri warehouse;

    public WarehouseUri uri(Path stateDir) {
        return warehouse != null ? warehouse : new WarehouseUri.DuckDb(stateDir.resolve(DEFAULT_DUCKDB_FILE));
    }

    @Mixin
    BigQueryOptions bigQuery;

    /**
     * A new, unprepared warehouse for {@code uri}; {@code print} prints to {@code out}; BigQuery records its jobs'
     * bytes billed in {@code meters}.
     */
    public Warehouse open(WarehouseUri uri, PrintStream out, MeterRegistry meters) {
        if (uri instanceof WarehouseUri.DuckDb duckDb) {
            return new DuckDbWarehouse(duckDb.file());
        }
        if (uri instanceof WarehouseUri.BigQuery table) {
            return BigQueryWarehouse.open(table, bigQuery.settings(), meters);
        }
        return new PrintWarehouse(out);
    }

    /**
     * A reader of the warehouse's tables for {@code daybook check}.
     *
     * @throws WarehouseException when {@code uri} keeps no tables ({@code print}) or the DuckDB file cannot be opened
     */
    public WarehouseReader reader(WarehouseUri uri) throws WarehouseException {
        if (uri instanceof WarehouseUri.DuckDb duckDb) {
            return DuckDbReader.open(duckDb.file());
        }
        if (uri instanceof WarehouseUri.BigQuery table) {
            return BigQueryReader.open(table, bigQuery.settings());
        }
        throw new WarehouseException(
                "--warehouse print keeps no table to check: use duckdb:PATH or bigquery:PROJECT.DATASET.TABLE",
                false,
                null);
    }

    static final class UriConverter implements ITypeConverter<WarehouseUri> {
        @Override
        public WarehouseUri convert(String value) {
            return WarehouseUri.parse(value);
        }
    }
}
