package dev.daybook.connectors.generate;

import dev.daybook.connectors.csv.MalformedReason;
import dev.daybook.connectors.csv.SequenceFormat;
import dev.daybook.connectors.reference.BundledReference;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes deterministic Sequence event files: the same {@link GeneratorConfig} always gives the same
 * bytes. Rows are written as they are made, so memory stays constant whatever the row count. Each
 * file is written under a hidden temporary name and renamed when complete, so a source polling the
 * directory never sees half a file.
 *
 * <p>Rows run forward in time over the configured days (late rows excepted), in CRLF-terminated,
 * fully quoted CSV like the real exports.
 */
public final class SequenceGenerator {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final int COPYABLE_ROWS_KEPT = 1024;
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final String CRLF = "\r\n";

    private final GeneratorConfig config;

    public SequenceGenerator(GeneratorConfig config) {
        this.config = config;
    }

    public GenerationSummary write(Path directory) throws IOException {
        return write(directory, row -> {});
    }

    /**
     * @param listener told about every row as it is written, in order; the generator's own account of
     *                 the rows, for tests to compute what they must add up to
     */
    public GenerationSummary write(Path directory, Consumer<GeneratedRow> listener) throws IOException {
        Files.createDirectories(directory);
        Run run = new Run(listener);
        List<Path> files = new ArrayList<>();
        for (int file = 0; run.rowIndex < config.rows(); file++) {
            String name = String.format("%s-%05d.csv%s", config.filePrefix(), file, config.gzip() ? ".gz" : "");
            Path target = directory.resolve(name);
            Path temporary = directory.resolve("." + name + ".tmp");
            try (Writer out = writer(temporary)) {
                out.write(csvLine(SequenceFormat.COLUMNS.toArray(String[]::new)));
                out.write(CRLF);
                long end = Math.min(config.rows(), run.rowIndex + config.rowsPerFile());
                for (long line = 2; run.rowIndex < end; line++) {
                    out.write(run.next(name, line));
                    out.write(CRLF);
                }
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            files.add(target);
        }
        return new GenerationSummary(files, run.kinds, run.reasons);
    }

    private Writer writer(Path file) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER);
        if (config.gzip()) {
            out = new FastGzipOutputStream(out);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), WRITE_BUFFER);
    }

    /** The state of one generation run. */
    private final class Run {
        private final Consumer<GeneratedRow> listener;
        private final Prng random = new Prng(config.seed());
        private final KindPlan plan = new KindPlan(config.counts());
        private final RowFactory factory = new RowFactory(random, BundledReference.tokens(), config.projects());
        private final long startMillis =
                config.startDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        private final long spanMillis = config.days() * DAY_MILLIS;
        private final GeneratedRow[] copyable = new GeneratedRow[COPYABLE_ROWS_KEPT];
        private final EnumMap<RowKind, Long> kinds = new EnumMap<>(RowKind.class);
        private final EnumMap<MalformedReason, Long> reasons = new EnumMap<>(MalformedReason.class);
        private long copyableSeen;
        private long malformedSeen;
        private long rowIndex;

        Run(Consumer<GeneratedRow> listener) {
            this.listener = listener;
        }

        /** The next row's text, without line break. */
        String next(String file, long line) {
            RowKind kind = plan.next(random, copyableSeen > 0);
            long nominal = startMillis + (long) ((rowIndex + random.nextDouble()) * spanMillis / config.rows());
            rowIndex++;
            kinds.merge(kind, 1L, Long::sum);
            GeneratedRow row;
            if (kind == RowKind.DUPLICATE) {
                GeneratedRow original = copyable[random.nextInt((int) Math.min(copyableSeen, COPYABLE_ROWS_KEPT))];
                row = new GeneratedRow(
                        kind,
                        null,
                        file,
                        line,
                        original.event(),
                        original.ts(),
                        original.projectId(),
                        original.chainId(),
                        original.currencyAddress(),
                        original.currencySymbol(),
                        original.amountRaw(),
                        original.amountDecimal(),
                        original.text());
            } else {
                MalformedReason reason = null;
                if (kind == RowKind.MALFORMED) {
                    reason = RowFactory.MALFORMED_REASONS.get(
                            (int) (malformedSeen++ % RowFactory.MALFORMED_REASONS.size()));
                    reasons.merge(reason, 1L, Long::sum);
                }
                long millis = kind == RowKind.LATE
                        ? nominal - DAY_MILLIS - random.nextLong((config.maxLateDays() - 1) * DAY_MILLIS + 1)
                        : nominal;
                RowFactory.Row made = factory.make(kind, reason, millis);
                row = new GeneratedRow(
                        kind,
                        reason,
                        file,
                        line,
                        made.event,
                        made.ts,
                        made.projectId,
                        made.chainId,
                        made.currencyAddress,
                        made.currencySymbol,
                        made.amountRaw,
                        made.amountDecimal,
                        csvLine(made.fields));
                if (kind.countsInVolume()) {
                    copyable[(int) (copyableSeen++ % COPYABLE_ROWS_KEPT)] = row;
                }
            }
            listener.accept(row);
            return row.text();
        }
    }

    /** Gzip at the fastest level: generating millions of rows should not wait on compression. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, WRITE_BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Every field quoted, quotes doubled. */
    static String csvLine(String[] fields) {
        StringBuilder line = new StringBuilder(1024);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append('"');
            String field = fields[i];
            for (int c = 0; c < field.length(); c++) {
                char ch = field.charAt(c);
                if (ch == '"') {
                    line.append('"');
                }
                line.append(ch);
            }
            line.append('"');
        }
        return line.toString();
    }
}
