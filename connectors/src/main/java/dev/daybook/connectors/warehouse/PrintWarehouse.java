package dev.daybook.connectors.warehouse;

import dev.daybook.schemas.DailyVolume;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --warehouse print}: keeps the table in memory and prints it as CSV ({@link DailyVolumeCsv}).
 * It keeps nothing between runs, so it is not {@link #durable()}: the sink fills it from the beginning of
 * the compacted daily-volume topic, and what it prints is the whole table, whatever ran before.
 */
public final class PrintWarehouse implements Warehouse {

    private record Key(LocalDate date, String projectId) {}

    private final PrintStream out;
    private final Map<Key, DailyVolume> table =
            new TreeMap<>(Comparator.comparing(Key::date).thenComparing(Key::projectId));

    public PrintWarehouse(PrintStream out) {
        this.out = out;
    }

    @Override
    public void prepare() {}

    @Override
    public synchronized void upsert(List<DailyVolume> batch) {
        for (DailyVolume row : batch) {
            table.merge(
                    new Key(row.date(), row.projectId()), row, (old, now) -> now.version() > old.version() ? now : old);
        }
    }

    @Override
    public boolean durable() {
        return false;
    }

    /** The rows, sorted by date then project_id. */
    public synchronized List<DailyVolume> rows() {
        return new ArrayList<>(table.values());
    }

    /** Prints the whole table as CSV. */
    public void printTable() {
        out.print(DailyVolumeCsv.render(rows()));
        out.flush();
    }

    @Override
    public void close() {}
}
