package dev.daybook.app.run;

import dev.daybook.connectors.warehouse.DailyVolumeCsv;
import dev.daybook.schemas.DailyVolume;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the daily-volume table as CSV whenever it changed and then stayed the same for one interval, so
 * that a burst of updates (a file being ingested) prints one table once it settles rather than one per
 * second. Tables are separated by an empty line; an empty table is not printed.
 */
public final class TablePrinter implements AutoCloseable {

    /** Where the printer takes the table from; called on the printer's thread only. */
    @FunctionalInterface
    public interface Table {
        List<DailyVolume> rows() throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(TablePrinter.class);

    private final Table table;
    private final PrintStream out;
    private final Duration interval;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private List<DailyVolume> printed = List.of();
    private boolean anyPrinted;

    public TablePrinter(Table table, PrintStream out, Duration interval) {
        this.table = table;
        this.out = out;
        this.interval = interval;
        this.thread = new Thread(this::run, "daybook-table-printer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            List<DailyVolume> previous = List.of();
            while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                List<DailyVolume> rows = table.rows();
                if (!rows.isEmpty() && rows.equals(previous) && !rows.equals(printed)) {
                    print(rows);
                }
                previous = rows;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("The table is no longer printed: {}", e.toString());
        }
    }

    private void print(List<DailyVolume> rows) {
        if (anyPrinted) {
            out.println();
        }
        out.print(DailyVolumeCsv.render(rows));
        out.flush();
        printed = rows;
        anyPrinted = true;
        log.info("The daily-volume table changed: {} rows", rows.size());
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
