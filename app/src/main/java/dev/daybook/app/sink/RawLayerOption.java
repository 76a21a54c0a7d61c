package dev.daybook.app.sink;

import picocli.CommandLine.Option;

/** Whether the warehouse has a raw layer: {@code run} and {@code sink} write it, {@code check} checks it; a picocli mixin. */
public final class RawLayerOption {

    @Option(
            names = "--raw-layer",
            negatable = true,
            fallbackValue = "true",
            defaultValue = "true",
            description = "The warehouse's raw layer, the transactions table: run and sink write it, check checks it"
                    + " (default: ${DEFAULT-VALUE}). --no-raw-layer leaves it alone: DuckDB keeps its key index in"
                    + " memory and rewrites it at every checkpoint, a cost that grows with the rows it holds"
                    + " (docs/warehouse.md).")
    boolean enabled;

    public boolean enabled() {
        return enabled;
    }
}
