package dev.daybook.connectors.warehouse.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.daybook.connectors.warehouse.WarehouseException;
import dev.daybook.connectors.warehouse.WarehouseUri;
import dev.daybook.connectors.warehouse.check.Discrepancy;
import dev.daybook.connectors.warehouse.check.WarehouseReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Reads the BigQuery model for {@code daybook check}: the daily-volume table {@code --warehouse} names and the
 * other model tables in its dataset. Each check is one query job, which bills at least 10 MB per table it reads
 * (see docs/bigquery.md); the checks restrict every table to the range's partitions.
 */
public final class BigQueryReader implements WarehouseReader {

    private final BigQuery bigquery;
    private final BigQueryTableRef dailyVolume;

    public BigQueryReader(BigQuery bigquery, BigQueryTableRef dailyVolume) {
        this.bigquery = bigquery;
        this.dailyVolume = dailyVolume;
    }

    /** The reader of the warehouse {@code --warehouse bigquery:...} names. */
    public static BigQueryReader open(WarehouseUri.BigQuery uri, BigQuerySettings settings) {
        BigQueryTableRef table = BigQueryTableRef.of(uri);
        return new BigQueryReader(settings.client(table.project()), table);
    }

    @Override
    public String name() {
        return "bigquery:" + dailyVolume.project() + "." + dailyVolume.dataset();
    }

    @Override
    public String sqlName(String table) {
        return table(table).sql();
    }

    private BigQueryTableRef table(String name) {
        return name.equals("daily_volume") ? dailyVolume : dailyVolume.sibling(name);
    }

    @Override
    public List<String> missing(List<String> tables) throws WarehouseException {
        List<String> missing = new ArrayList<>();
        for (String name : tables) {
            BigQueryTableRef table = table(name);
            if (call("looking up table " + table, () -> bigquery.getTable(table.tableId())) == null) {
                missing.add(name.equals("daily_volume") ? table.table() : name);
            }
        }
        return missing;
    }

    @Override
    public List<Discrepancy> discrepancies(String check, String sql) throws WarehouseException {
        QueryJobConfiguration query =
                QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build();
        List<Discrepancy> found = new ArrayList<>();
        for (FieldValueList row :
                call("check " + check, () -> bigquery.query(query)).iterateAll()) {
            found.add(new Discrepancy(
                    check,
                    LocalDate.parse(row.get(0).getStringValue()),
                    text(row.get(1)),
                    text(row.get(2)),
                    text(row.get(3)),
                    text(row.get(4))));
        }
        return found;
    }

    private static String text(FieldValue value) {
        return value.isNull() ? null : value.getStringValue();
    }

    @Override
    public void close() {
        // The client holds no connection of its own between requests.
    }

    private static <T> T call(String what, Callable<T> action) throws WarehouseException {
        try {
            return action.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(what + " was interrupted", true, e);
        } catch (Exception e) {
            throw BigQueryErrors.toWarehouseException(what, e);
        }
    }
}
