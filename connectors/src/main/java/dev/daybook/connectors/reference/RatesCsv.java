package dev.daybook.connectors.reference;

import dev.daybook.schemas.Rate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads a rates CSV: header {@code date,coin_id,usd}, the USD price of a coin for a UTC day, one line
 * per {@code (date, coin_id)}, optionally followed by the columns {@code market_cap_usd} and
 * {@code volume_24h_usd}, whose fields may be empty. Every figure is read as an exact decimal.
 */
public final class RatesCsv {

    public static final List<String> HEADER = List.of("date", "coin_id", "usd");
    public static final String MARKET_CAP_USD = "market_cap_usd";
    public static final String VOLUME_24H_USD = "volume_24h_usd";
    public static final List<String> OPTIONAL = List.of(MARKET_CAP_USD, VOLUME_24H_USD);

    private RatesCsv() {}

    /** Every rate's {@link Rate#source()} is the file's URI. */
    public static List<RateRow> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), file.toUri().toString());
        }
    }

    /**
     * @param source     the file's name, used in error messages
     * @param rateSource what each rate records as its {@link Rate#source()}, e.g. {@code file:///data/rates.csv}
     */
    public static List<RateRow> read(InputStream in, String source, String rateSource) throws IOException {
        return ReferenceCsv.read(
                in,
                source,
                HEADER,
                OPTIONAL,
                line -> parse(line, rateSource),
                row -> "the rate of " + row.coinId() + " on " + row.date());
    }

    private static RateRow parse(ReferenceCsv.Line line, String rateSource) throws ReferenceFileException {
        String text = line.get(0);
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw line.problem("date '" + text + "' is not a date like 2024-04-15");
        }
        String coinId = line.requireText(1, "coin_id");
        Rate rate = new Rate(
                line.requireNonNegativeDecimal(2, "usd"),
                line.optionalNonNegativeDecimal(MARKET_CAP_USD),
                line.optionalNonNegativeDecimal(VOLUME_24H_USD),
                rateSource);
        return new RateRow(date, coinId, rate);
    }
}
