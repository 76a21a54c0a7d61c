package dev.daybook.connectors.reference;

import dev.daybook.schemas.Token;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a tokens CSV: header {@code chain_id,address,symbol,decimals,coin_id}, optionally followed by
 * {@code name}, one line per currency
 * {@code (chain_id, address)}; addresses are lower-cased.
 */
public final class TokensCsv {

    public static final List<String> HEADER = List.of("chain_id", "address", "symbol", "decimals", "coin_id");
    public static final String NAME = "name";

    private static final int MAX_DECIMALS = 77;

    private TokensCsv() {}

    public static List<TokenRow> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** @param source the file's name, used in error messages */
    public static List<TokenRow> read(InputStream in, String source) throws IOException {
        return ReferenceCsv.read(in, source, HEADER, List.of(NAME), TokensCsv::parse, row -> "token " + row.key());
    }

    private static TokenRow parse(ReferenceCsv.Line line) throws ReferenceFileException {
        long chainId = line.requireNonNegativeLong(0, "chain_id");
        String address = line.requireText(1, "address");
        if (address.chars().anyMatch(Character::isWhitespace)) {
            throw line.problem("address '" + address + "' contains white space");
        }
        String symbol = line.get(2);
        long decimals = line.requireNonNegativeLong(3, "decimals");
        if (decimals > MAX_DECIMALS) {
            throw line.problem("decimals " + decimals + " is more than " + MAX_DECIMALS
                    + "; give the currency's decimals, e.g. 18 or 6");
        }
        String coinId = line.requireText(4, "coin_id");
        String name = line.get(NAME);
        return new TokenRow(
                chainId,
                address,
                new Token(symbol.isEmpty() ? null : symbol, (int) decimals, coinId, name.isEmpty() ? null : name));
    }
}
