package dev.daybook.app.cli;

import dev.daybook.connectors.reference.BundledReference;
import dev.daybook.connectors.reference.RateRow;
import dev.daybook.connectors.reference.RatesCsv;
import dev.daybook.connectors.reference.TokenRow;
import dev.daybook.connectors.reference.TokensCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The reference data of {@code daybook run}: what it publishes at start, and where rates come from; a picocli {@code @Mixin}. */
public final class ReferenceOptions {

    @Option(
            names = "--tokens",
            paramLabel = "FILE",
            description =
                    "Tokens CSV (chain_id,address,symbol,decimals,coin_id) published to the compacted tokens topic at"
                            + " start (default: the bundled tokens of the five marketplace currencies).")
    Path tokens;

    @Option(
            names = "--rates",
            paramLabel = "file:PATH|demo|coingecko",
            converter = RatesSpec.Converter.class,
            description = "Where the USD rates come from: file:PATH, a CSV date,coin_id,usd (optionally with"
                    + " market_cap_usd,volume_24h_usd) published to the compacted rates topic at start; demo, the bundled made-up rates of the demo data; coingecko, fetched from"
                    + " CoinGecko as the transactions need them (key in COINGECKO_API_KEY) (default:"
                    + " demo when run without --source, otherwise none).")
    RatesSpec rates;

    /** The tokens of {@code --tokens}, or the bundled ones. */
    public List<TokenRow> tokens() throws IOException {
        return tokens == null ? BundledReference.tokens() : TokensCsv.read(tokens);
    }

    /** {@code --rates}, or the demo rates when Daybook runs the demo. */
    public Optional<RatesSpec> rates(boolean demo) {
        if (rates != null) {
            return Optional.of(rates);
        }
        return demo ? Optional.of(new RatesSpec.Demo()) : Optional.empty();
    }

    /** The rates a file or the demo holds; none for CoinGecko, whose rates the rates service fetches. */
    public static List<RateRow> read(RatesSpec spec) throws IOException {
        if (spec instanceof RatesSpec.FromFile file) {
            return RatesCsv.read(file.file());
        }
        if (spec instanceof RatesSpec.Demo) {
            return BundledReference.demoRates();
        }
        return List.of();
    }
}
