package dev.daybook.app.cli;

import dev.daybook.app.cli.options.GenerateOptions;
import dev.daybook.app.logging.LogOptions;
import dev.daybook.connectors.generate.GenerationSummary;
import dev.daybook.connectors.generate.SequenceGenerator;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code daybook generate}: deterministic Sequence event files, anomalies included, for trials and benchmarks. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "daybook generate [OPTIONS]",
        description = "Writes Sequence event files with exact numbers of late rows, duplicates, malformed rows, unknown"
                + " currencies and other events; the same options and seed give the same bytes.")
public final class GenerateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GenerateCommand.class);

    @Mixin
    GenerateOptions options;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        GenerationSummary summary = new SequenceGenerator(options.toConfig()).write(options.out());
        log.info(
                "Wrote {} rows in {} files to {}: {}; malformed by reason {}",
                summary.rows(),
                summary.files().size(),
                options.out().toAbsolutePath(),
                summary.rowsByKind(),
                summary.malformedByReason());
        return 0;
    }
}
