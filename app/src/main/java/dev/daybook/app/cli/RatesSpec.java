package dev.daybook.app.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/** Where the USD rates come from: {@code --rates file:PATH} or {@code --rates demo}. */
public sealed interface RatesSpec {

    String USAGE = "use file:PATH or demo";

    /** A rates CSV ({@code date,coin_id,usd}). */
    record FromFile(Path file) implements RatesSpec {
        public FromFile {
            file = file.toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return "file:" + file;
        }
    }

    /** The bundled made-up demo rates, which cover the demo data's days. */
    record Demo() implements RatesSpec {
        @Override
        public String toString() {
            return "demo";
        }
    }

    /**
     * @throws IllegalArgumentException with a one-line message when the text is none of the known forms
     */
    static RatesSpec parse(String text) {
        String spec = text.strip();
        if (spec.equals("demo")) {
            return new Demo();
        }
        if (spec.startsWith("file://")) {
            return new FromFile(Path.of(URI.create(spec)));
        }
        if (spec.startsWith("file:") && spec.length() > "file:".length()) {
            return new FromFile(Path.of(spec.substring("file:".length())));
        }
        throw new IllegalArgumentException("unknown rates '" + text + "': " + USAGE);
    }

    /** Reads {@code --rates}. */
    final class Converter implements ITypeConverter<RatesSpec> {
        @Override
        public RatesSpec convert(String value) {
            return parse(value);
        }
    }
}
