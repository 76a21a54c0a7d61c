package dev.daybook.app.cli;

import dev.daybook.app.Daybook;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.app.sink.RawLayerOption;
import dev.daybook.app.sink.WarehouseOptions;
import dev.daybook.connectors.warehouse.check.DateRange;
import dev.daybook.connectors.warehouse.check.Discrepancy;
import dev.daybook.connectors.warehouse.check.DiscrepancyTable;
import dev.daybook.connectors.warehouse.check.WarehouseCheck;
import dev.daybook.connectors.warehouse.check.WarehouseReader;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code daybook check}: proves that the warehouse's tables reconcile with each other. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook check [OPTIONS]",
        description = "Reads the warehouse (--warehouse, DuckDB or BigQuery) and verifies, for the days from --from to"
                + " --to: the raw layer's transactions per (day, project) equal daily_volume.num_transactions;"
                + " daily_currency_volume sums exactly to daily_volume (transactions, unpriced transactions, volume);"
                + " every currency of the raw layer is in tokens or counted unpriced; no event id is stored twice."
                + " Prints a table of the discrepancies on standard output. Exit code 0: none; 3: some; 1: the"
                + " check could not run (a missing table, an unreachable warehouse).")
public final class CheckCommand implements Callable<Integer> {

    /** The exit code when the warehouse does not reconcile. */
    public static final int DISCREPANCIES = 3;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Daybook daybook;

    @Mixin
    StateDirOptions state;

    @Mixin
    WarehouseOptions warehouse;

    @Option(
            names = "--from",
            paramLabel = "DATE",
            description = "First day checked, e.g. 2024-04-01 (default: the first day in the warehouse).")
    LocalDate from;

    @Option(
            names = "--to",
            paramLabel = "DATE",
            description = "Last day checked, included (default: the last day in the warehouse).")
    LocalDate to;

    @Mixin
    RawLayerOption rawLayer;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        DateRange range = range();
        List<String> checks = rawLayer.enabled() ? WarehouseCheck.CHECKS : WarehouseCheck.WITHOUT_RAW_LAYER;
        List<Discrepancy> discrepancies;
        String name;
        try (WarehouseReader reader = warehouse.reader(warehouse.uri(state.root()))) {
            name = reader.name();
            discrepancies = WarehouseCheck.run(reader, range, checks);
        }
        PrintWriter err = spec.commandLine().getErr();
        String checked = checks.size() + (checks.size() == 1 ? " check of " : " checks of ") + name + " over " + range;
        if (discrepancies.isEmpty()) {
            err.println("check: the warehouse reconciles: " + checked);
            err.flush();
            return 0;
        }
        daybook.out().print(DiscrepancyTable.render(discrepancies));
        daybook.out().flush();
        err.println("check: " + discrepancies.size() + " discrepancies in " + checked);
        err.flush();
        return DISCREPANCIES;
    }

    private DateRange range() {
        try {
            return DateRange.of(from, to);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from and --to: " + e.getMessage());
        }
    }
}
