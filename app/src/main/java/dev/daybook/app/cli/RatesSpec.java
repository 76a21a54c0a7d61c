package dev.daybook.app.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/** Where the USD rates come from: {@code --rates file:PATH}, {@code demo} or {@code coingecko}. */
public sealed interface RatesSpec {

    String USAGE = "use file:PATH, demo or coingecko";

    /** A rates CSV ({@code date,coin_id,usd}, optionally with {@code market_cap_usd,volume_24h_usd}). */
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

    /** CoinGecko, on demand: the rates service fetches what the transactions need (see docs/coingecko.md). */
    record CoinGecko() implements RatesSpec {
        @Override
        public String toString() {
            return "coingecko";
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
        if (spec.equals("coingecko")) {
            return new CoinGecko();
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
