package dev.daybook.connectors.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.daybook.schemas.Token;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokensCsvTest {

    private static final String HEADER = "chain_id,address,symbol,decimals,coin_id\n";

    @Test
    void readsTokensWithLowerCaseAddresses() throws IOException {
        List<TokenRow> rows = read(HEADER + "137,0xD1F9C58E33933A993A3891F8ACFE05A68E1AFC05,SFL,18,sunflower-land\r\n"
                + "\n\"43114\", 0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e ,\"USDC\",6,usd-coin\n");

        assertThat(rows)
                .containsExactly(
                        new TokenRow(
                                137,
                                "0xd1f9c58e33933a993a3891f8acfe05a68e1afc05",
                                new Token("SFL", 18, "sunflower-land")),
                        new TokenRow(
                                43114, "0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", new Token("USDC", 6, "usd-coin")));
        assertThat(rows.get(0).key()).isEqualTo("137:0xd1f9c58e33933a993a3891f8acfe05a68e1afc05");
    }

    @Test
    void anOptionalNameColumnNamesEachCurrencyAndAnEmptyNameIsNone() throws IOException {
        List<TokenRow> rows = read("""
                chain_id,address,symbol,decimals,coin_id,name
                137,0xa,USDC,6,usd-coin,USD Coin
                137,0xb,SFL,18,sunflower-land,
                """);

        assertThat(rows).extracting(row -> row.token().name()).containsExactly("USD Coin", null);
    }

    @Test
    void theBundledTokensAreTheFiveMarketplaceCurrencies() {
        assertThat(BundledReference.tokens())
                .extracting(
                        TokenRow::key,
                        t -> t.token().decimals(),
                        t -> t.token().coinId(),
                        t -> t.token().name())
                .containsExactly(
                        tuple("137:0xd1f9c58e33933a993a3891f8acfe05a68e1afc05", 18, "sunflower-land", "Sunflower Land"),
                        tuple("137:0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", 6, "usd-coin", "USD Coin"),
                        tuple(
                                "137:0x2791bca1f2de4661ed88a30c99a7a9449aa84174",
                                6,
                                "bridged-usdc-polygon-pos-bridge",
                                "Bridged USDC (Polygon PoS Bridge)"),
                        tuple("137:0x0000000000000000000000000000000000000000", 18, "matic-network", "Polygon"),
                        tuple("43114:0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", 6, "usd-coin", "USD Coin"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                   | tokens.csv:1: the file is empty; it must start with the header chain_id,address,symbol,decimals,coin_id
            chain,address,symbol,decimals,coin_id\\n             | tokens.csv:1: the header must be chain_id,address,symbol,decimals,coin_id, optionally followed by any of name, found chain,address,symbol,decimals,coin_id
            HEADER137,0xa,A,18\\n                                | tokens.csv:2: expected 5 columns (chain_id,address,symbol,decimals,coin_id), found 4
            HEADERpolygon,0xa,A,18,a\\n                          | tokens.csv:2: chain_id 'polygon' is not a non-negative integer
            HEADER137,,A,18,a\\n                                 | tokens.csv:2: address is empty; give a value
            HEADER137,0xa,A,eighteen,a\\n                        | tokens.csv:2: decimals 'eighteen' is not a non-negative integer
            HEADER137,0xa,A,78,a\\n                              | tokens.csv:2: decimals 78 is more than 77; give the currency's decimals, e.g. 18 or 6
            HEADER137,0xa,A,18,\\n                               | tokens.csv:2: coin_id is empty; give a value
            HEADER137,0xa,A,18,a\\n\\n137,0xA,B,6,b\\n           | tokens.csv:4: token 137:0xa is listed twice (first on line 2); keep one line for it
            HEADER137,"0xa,A,18,a\\n                             | tokens.csv:2: not a valid CSV line (quoted field 2 is not closed before the end of the object)
            """)
    void reportsWhatIsWrongAndWhere(String content, String message) {
        String text = content.replace("HEADER", HEADER).replace("\\n", "\n");

        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ReferenceFileException.class)
                .hasMessage(message);
    }

    private static List<TokenRow> read(String content) throws IOException {
        return TokensCsv.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "tokens.csv");
    }
}
