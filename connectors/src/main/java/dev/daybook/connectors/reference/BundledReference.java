package dev.daybook.connectors.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reference files shipped in the jar: {@code tokens.csv}, the currencies seen in the marketplace, and
 * {@code demo-rates.csv}, made-up daily prices of their coins for the demo data's days
 * (2024-04-08 to 2024-04-21).
 */
public final class BundledReference {

    public static final String TOKENS = "tokens.csv";
    public static final String DEMO_RATES = "demo-rates.csv";

    private BundledReference() {}

    public static List<TokenRow> tokens() {
        try (InputStream in = open(TOKENS)) {
            return TokensCsv.read(in, TOKENS);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled " + TOKENS + " is broken", e);
        }
    }

    public static List<RateRow> demoRates() {
        try (InputStream in = open(DEMO_RATES)) {
            return RatesCsv.read(in, DEMO_RATES, "daybook:" + DEMO_RATES);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled " + DEMO_RATES + " is broken", e);
        }
    }

    /** The bundled file's bytes, e.g. to copy it somewhere. */
    public static InputStream open(String name) throws IOException {
        InputStream in = BundledReference.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("no bundled reference file " + name);
        }
        return in;
    }
}
